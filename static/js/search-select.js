// Searchable drop-downs: every <select data-search-select> (apps/core/widgets.py SearchSelect)
// becomes a Tom Select box that finds an option by its name, code or pinyin initials.
// "local": all options are in the page, each with data-search (code, pinyin, initials).
// "remote": options come from data-search-url?q=… as one types (members), at most 20 a time.
// Initialised on page load and on every piece of page htmx swaps in; text from the server is
// rendered through Tom Select's escape, and the typed query is URL-encoded.
(function () {
  "use strict";

  function hintOf(data, escape) {
    var hint = data.hint || "";
    if (!hint || String(data.text).indexOf(hint) === 0) return "";
    return ' <small class="text-body-secondary">' + escape(hint) + "</small>";
  }

  var render = {
    option: function (data, escape) {
      return "<div>" + escape(data.text) + hintOf(data, escape) + "</div>";
    },
    item: function (data, escape) {
      return "<div>" + escape(data.text) + "</div>";
    },
  };

  function noResults(select) {
    var text = select.getAttribute("data-no-results") || "";
    return function (data, escape) {
      return '<div class="no-results">' + escape(text) + "</div>";
    };
  }

  function remoteSettings(select) {
    var url = select.getAttribute("data-search-url");
    return {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      // The server matched (name, pinyin, initials, ID digits): show what it sent.
      score: function () {
        return function () { return 1; };
      },
      shouldLoad: function (query) { return query.trim().length > 0; },
      load: function (query, callback) {
        var self = this;
        var separator = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + separator + "q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            self.clearOptions(); // keeps the chosen ones; forgets earlier queries' results
            callback(data.results || []);
          })
          .catch(function () { callback(); });
      },
    };
  }

  function init(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var settings = {
      searchField: ["text", "search"],
      maxOptions: null,
      allowEmptyOption: false,
      render: Object.assign({ no_results: noResults(select) }, render),
      plugins: [],
    };
    // A blank choice allowed (filters, optional fields): a button to clear the choice.
    var blank = select.querySelector('option[value=""]');
    if (blank && !select.required && !select.multiple) settings.plugins.push("clear_button");
    if (select.multiple) settings.plugins.push("remove_button");
    if (select.getAttribute("data-search-select") === "remote") {
      Object.assign(settings, remoteSettings(select));
    }
    var box = new TomSelect(select, settings);
    // A field with an error (Django marks it aria-invalid) shows it on the box too.
    if (select.getAttribute("aria-invalid") === "true") box.wrapper.classList.add("is-invalid");
  }

  function initWithin(root) {
    if (root.matches && root.matches("select[data-search-select]")) init(root);
    if (root.querySelectorAll) root.querySelectorAll("select[data-search-select]").forEach(init);
  }

  if (window.htmx) {
    window.htmx.onLoad(initWithin); // the page itself, then each swapped-in fragment
    document.body.addEventListener("htmx:beforeCleanupElement", function (event) {
      if (event.target.tomselect) event.target.tomselect.destroy();
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initWithin(document); });
  } else {
    initWithin(document);
  }
})();
