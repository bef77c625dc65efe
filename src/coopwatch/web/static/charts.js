// Draws every chart of the page from its Vega-Lite spec (vendored vega-embed, SVG renderer),
// and opens the page a mark points to (datum.href) when it is clicked. Each chart keeps its
// text table below it, so nothing is lost without JavaScript.
(function () {
  "use strict";
  function fit(spec, box) {
    var avail = box.clientWidth;
    // a long title is cut with an ellipsis at the box's width (the table's caption has it whole)
    if (avail) spec.config = Object.assign({}, spec.config, { title: Object.assign({ limit: Math.max(160, avail - 20) },
                                                                                  (spec.config || {}).title) });
    // a phone is narrower than the chart: scale the chart's width down, keep its proportions
    if (spec.width && avail && spec.width + 120 > avail) {
      var ratio = Math.max(0.4, (avail - 120) / spec.width);
      spec.width = Math.round(spec.width * ratio);
      if (spec.height) spec.height = Math.round(spec.height * ratio);
      // and the legend goes below the chart, where it has the whole width
      spec.config = Object.assign({}, spec.config, { legend: Object.assign({ orient: "bottom", direction: "horizontal" },
                                                                          (spec.config || {}).legend) });
    }
    return spec;
  }
  function draw(box) {
    var id = box.getAttribute("data-chart");
    var data = document.getElementById(id + "-spec");
    if (!data || typeof vegaEmbed === "undefined") return;
    var spec = fit(JSON.parse(data.textContent), box);
    // the marks are not read out one by one: the box is one image named by its title, and the
    // table below it is the text alternative
    spec.config = Object.assign({}, spec.config, { aria: false });
    box.textContent = "";
    vegaEmbed(box, spec, { actions: false, renderer: "svg", tooltip: true }).then(function (result) {
      var svg = box.querySelector("svg");
      if (svg) svg.setAttribute("aria-hidden", "true");  // the box is the image, the table its text
      box.setAttribute("data-drawn", "true");
      result.view.addEventListener("click", function (event, item) {
        var href = item && item.datum && item.datum.href;
        if (href) window.location.href = href;
      });
      result.view.addEventListener("mousemove", function (event, item) {
        box.style.cursor = item && item.datum && item.datum.href ? "pointer" : "default";
      });
    }).catch(function (err) {
      box.setAttribute("data-error", String(err));
    });
  }
  function start() {
    var boxes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < boxes.length; i++) draw(boxes[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
