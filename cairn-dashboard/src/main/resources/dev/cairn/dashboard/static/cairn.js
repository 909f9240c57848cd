// Draws every [data-chart] element with ECharts, on page load and after htmx swaps in new HTML.
// Line charts hold [step, time, value] points; the "X axis" buttons switch between step and time.
(function () {
  "use strict";
  let axis = "step";

  // A pipeline's steps: one box per step in the column of its depth, coloured by how it ended.
  const stateColors = {ran: "#2e7d32", cached: "#4a6fa5", failed: "#c62828", killed: "#8e24aa", running: "#f9a825"};

  function dag(data) {
    return {
      animation: false,
      // ECharts inserts a formatter's text as HTML; step names and states come from tags anyone can set.
      tooltip: {formatter: function (p) {
        return p.dataType === "node" ? echarts.format.encodeHTML(p.data.name + ": " + p.data.state) : "";
      }},
      series: [{
        type: "graph", layout: "none", roam: true, symbol: "roundRect", symbolSize: [120, 30],
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 8, label: {show: true, color: "#fff"},
        lineStyle: {color: "#888", width: 1.5},
        data: data.nodes.map(function (n) {
          return {name: n.name, state: n.state, x: n.column * 170, y: n.row * 56, itemStyle: {color: stateColors[n.state] || "#757575"}};
        }),
        links: data.edges.map(function (e) { return {source: e[0], target: e[1]}; })
      }]
    };
  }

  // Monitored windows: one row per input, one cell per window, red where the input drifted.
  function minute(millis) {
    return new Date(millis).toISOString().slice(0, 16).replace("T", " ");
  }

  function grid(data) {
    return {
      animation: false,
      grid: {left: 160, right: 16, top: 8, bottom: 40},
      // Column names come from users: the tooltip's text is encoded before ECharts inserts it as HTML.
      tooltip: {formatter: function (p) {
        const c = p.data;
        return echarts.format.encodeHTML(data.columns[c[1]] + ", window ending " + minute(data.windows[c[0]]) + ": " + c[3] + " "
          + Number(c[4]).toPrecision(3) + (c[2] ? ", drift" : ", no drift"));
      }},
      xAxis: {type: "category", data: data.windows.map(minute), axisLabel: {hideOverlap: true}},
      yAxis: {type: "category", data: data.columns, inverse: true, axisLabel: {width: 150, overflow: "truncate"}},
      visualMap: {type: "piecewise", show: false, dimension: 2, pieces: [{value: 0, color: "#a5d6a7"}, {value: 1, color: "#e57373"}]},
      series: [{type: "heatmap", data: data.cells, itemStyle: {borderColor: "#fff", borderWidth: 1}}]
    };
  }

  function option(data) {
    if (data.kind === "dag") {
      return dag(data);
    }
    if (data.kind === "grid") {
      return grid(data);
    }
    if (data.kind === "bar") {
      return {
        animation: false,
        grid: {left: 48, right: 12, top: 12, bottom: 28},
        tooltip: {trigger: "axis"},
        xAxis: {type: "category", data: data.labels, axisLabel: {hideOverlap: true}},
        yAxis: {type: "value"},
        series: [{type: "bar", data: data.values, itemStyle: {color: "#4a6fa5"}}]
      };
    }
    const byTime = axis === "time";
    return {
      animation: false,
      grid: {left: 56, right: 16, top: data.series.length > 1 ? 36 : 16, bottom: 32},
      tooltip: {trigger: "axis"},
      legend: data.series.length > 1 ? {type: "scroll", top: 0} : undefined,
      xAxis: {type: byTime ? "time" : "value", name: byTime ? "" : "step", scale: true},
      yAxis: {type: "value", scale: true},
      series: data.series.map(function (line) {
        return {
          name: line.name,
          type: "line",
          showSymbol: line.points.length < 50,
          data: line.points.map(function (p) { return [byTime ? p[1] : p[0], p[2]]; })
        };
      })
    };
  }

  function draw(root) {
    if (typeof echarts === "undefined") {
      return;
    }
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      const data = JSON.parse(element.dataset.chart);
      if (data.kind === "grid") {
        element.style.height = Math.max(160, 20 * data.columns.length + 60) + "px";
      }
      const chart = echarts.getInstanceByDom(element) || echarts.init(element);
      chart.setOption(option(data), true);
      element.dataset.points = String(chart.getOption().series.reduce(function (n, s) { return n + s.data.length; }, 0));
    });
  }

  function switchAxis(event) {
    const button = event.target.closest("[data-axis]");
    if (!button) {
      return;
    }
    axis = button.dataset.axis;
    document.querySelectorAll("[data-axis]").forEach(function (b) { b.classList.toggle("on", b.dataset.axis === axis); });
    draw(document);
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
  document.addEventListener("click", switchAxis);
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      const chart = typeof echarts === "undefined" ? null : echarts.getInstanceByDom(element);
      if (chart) {
        chart.resize();
      }
    });
  });
})();
