/* The leaders' dashboard: ECharts drawn from the data the page embeds (#dashboard-charts).
   Every bar and point carries the URL of its drill-down list; a click opens it. */
(function () {
  "use strict";
  var kind = document.getElementById("pick-kind");
  var range = document.querySelector("[data-period-range]");
  if (kind && range) {
    kind.addEventListener("change", function () { range.hidden = kind.value !== "years"; });
  }

  var source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var RED = "#a4161a", BLUE = "#4a6fa5";
  var charts = [];

  function open(params) {
    var url = params && params.data && params.data.url;
    if (url) { window.location.href = url; }
  }

  function unitLabel(series) { return series.unit ? series.name + "（" + series.unit + "）" : series.name; }

  function trendOption(series) {
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 56, right: 24, top: 36, bottom: 30 },
      xAxis: { type: "category", data: series.points.map(function (p) { return p.label; }) },
      yAxis: { type: "value", name: series.unit, minInterval: 1 },
      series: [{
        name: series.name, type: "line", symbolSize: 9, itemStyle: { color: RED },
        label: { show: true, position: "top" },
        data: series.points.map(function (p) { return { value: p.value, url: p.url }; })
      }]
    };
  }

  function barOption(series, horizontal) {
    var names = series.points.map(function (b) { return b.label; });
    // A group the figure does not apply to is labelled so (b.note), not drawn as an empty bar.
    var values = series.points.map(function (b) {
      return { value: b.value === null && b.note ? 0 : b.value, url: b.url, note: b.note };
    });
    var category = { type: "category", data: names, axisLabel: { interval: 0 } };
    var value = {
      type: "value", name: horizontal ? "" : series.unit, minInterval: 1,
      axisLabel: { hideOverlap: true }  // long values on a narrow chart: fewer ticks, not a smear
    };
    if (horizontal) { category.inverse = true; }
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 48, top: 30, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : Object.assign(category, { axisLabel: { interval: 0, rotate: 30 } }),
      yAxis: horizontal ? category : value,
      series: [{
        name: series.name, type: "bar", itemStyle: { color: BLUE }, barMaxWidth: 28,
        label: {
          show: true, position: horizontal ? "right" : "top",
          formatter: function (p) { return p.data.note || p.value; }
        },
        emphasis: { itemStyle: { color: RED } },
        data: values
      }]
    };
  }

  function setUp(key, optionFor) {
    var list = data[key] || [];
    var element = document.getElementById("chart-" + key);
    if (!element || !list.length) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.on("click", open);
    chart.on("finished", function () { element.dataset.drawn = "1"; });
    charts.push(chart);
    var select = document.querySelector('[data-chart-select="' + key + '"]');
    list.forEach(function (series, n) {
      var option = document.createElement("option");
      option.value = n;
      option.textContent = unitLabel(series);
      select.appendChild(option);
    });
    if (list.length < 2) { select.hidden = true; }
    function draw() { chart.setOption(optionFor(list[Number(select.value) || 0]), true); }
    select.addEventListener("change", draw);
    draw();
  }

  setUp("trend", trendOption);
  setUp("townships", function (s) { return barOption(s, true); });
  setUp("categories", function (s) { return barOption(s, true); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

})();
