// The organisation tree (templates/core/org_tree.html): a toggle opens or closes a unit's
// children. The first opening loads them (htmx, hx-trigger="click once"); later clicks only
// show or hide the list already there.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".org-tree .tree-toggle");
  if (!toggle) return;
  var list = document.getElementById(toggle.getAttribute("aria-controls"));
  var open = toggle.getAttribute("aria-expanded") === "true";
  if (list && (open || toggle.dataset.loaded)) list.hidden = open;
  toggle.dataset.loaded = "1";
  toggle.setAttribute("aria-expanded", open ? "false" : "true");
  toggle.querySelector("i").className = open ? "bi bi-chevron-right" : "bi bi-chevron-down";
});
