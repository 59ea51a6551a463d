// The workbench's charts: each element with data-chart (its kind, categories and series, from the API's aggregates)
// becomes an Apache ECharts chart; data-drawn is set once it has rendered.
(function () {
  'use strict';
  function draw(el) {
    var spec = JSON.parse(el.getAttribute('data-chart'));
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var option = spec.kind === 'pie'
      ? {
          tooltip: { trigger: 'item' },
          series: [{
            type: 'pie', radius: '65%',
            data: spec.categories.map(function (c, i) { return { name: c, value: spec.series[0].data[i] }; })
          }]
        }
      : {
          tooltip: { trigger: 'axis' },
          legend: spec.series.length > 1 ? { top: 0 } : { show: false },
          grid: { left: 56, right: 16, top: spec.series.length > 1 ? 32 : 16, bottom: 32 },
          xAxis: { type: 'category', data: spec.categories },
          yAxis: { type: 'value' },
          series: spec.series.map(function (s) {
            return { name: s.name, type: spec.kind, data: s.data, connectNulls: true };
          })
        };
    chart.on('finished', function () { el.setAttribute('data-drawn', 'true'); });
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
  }
  // A page's own charts when it loads, and those of each part htmx swaps in (filters, paging and links in <main> are
  // boosted: the page is fetched and swapped in place, its URL pushed to the history).
  function drawIn(root) {
    if (root.matches && root.matches('.chart[data-chart]')) draw(root);
    root.querySelectorAll('.chart[data-chart]').forEach(draw);
  }
  document.addEventListener('DOMContentLoaded', function () {
    htmx.config.includeIndicatorStyles = false;
    // A refusal (403, 404, a 5xx) is a page too: shown in place like any other.
    htmx.config.responseHandling = [{ code: '204', swap: false }, { code: '...', swap: true }];
    drawIn(document);
    document.body.addEventListener('htmx:load', function (e) { if (e.target !== document.body) drawIn(e.target); });
  });
})();
