// Draws every chart of a conclab report from the JSON embedded in the page (id "conclab-charts").
// The figures are computed in Java (Charts.java); this script only draws them, so the page
// works offline with nothing but this file.
(function () {
  "use strict";
  const specs = JSON.parse(document.getElementById("conclab-charts").textContent);
  const palette = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7b83", "#6e7781",
                   "#fb8500", "#2d3748"];
  const colours = new Map();
  function colourOf(label) {
    if (label.startsWith("limit")) return "#57606a";
    if (!colours.has(label)) colours.set(label, palette[colours.size % palette.length]);
    return colours.get(label);
  }
  function axis(title, extra) {
    return Object.assign({ title: { display: true, text: title } }, extra || {});
  }

  function lineOrBar(spec, canvas) {
    const datasets = spec.series.map(s => ({
      label: s.label,
      data: s.data,
      borderColor: colourOf(s.label),
      backgroundColor: colourOf(s.label) + (spec.type === "bar" ? "cc" : "33"),
      borderDash: s.dashed ? [6, 4] : [],
      borderWidth: 2,
      pointRadius: spec.type === "line" ? 3 : 0,
      spanGaps: true
    }));
    return new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: axis(spec.xLabel),
          y: axis(spec.yLabel, spec.logY ? { type: "logarithmic" } : { beginAtZero: true })
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } }
      }
    });
  }

  function timeline(spec, canvas, select) {
    const box = canvas.parentElement;
    function fit(run) {
      box.style.height = Math.max(140, Math.min(640, 60 + 18 * run.lanes.length)) + "px";
    }
    function dataOf(run) {
      return {
        labels: run.lanes,
        datasets: [{
          label: run.label,
          data: run.spans.map(s => ({ x: [s.startMillis, s.endMillis], y: run.lanes[s.lane], task: s.task })),
          backgroundColor: run.spans.map(s => palette[s.task % palette.length] + "cc"),
          borderWidth: 0, barPercentage: 0.85, categoryPercentage: 1.0
        }]
      };
    }
    fit(spec.runs[spec.shown]);
    const chart = new Chart(canvas, {
      type: "bar",
      data: dataOf(spec.runs[spec.shown]),
      options: {
        indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
        grouped: false,
        scales: { x: axis(spec.xLabel, { beginAtZero: true }), y: axis(spec.yLabel, { ticks: { autoSkip: true } }) },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: ctx => {
            const r = ctx.raw;
            return "task " + r.task + ": " + r.x[0].toFixed(2) + " to " + r.x[1].toFixed(2) + " ms ("
              + (r.x[1] - r.x[0]).toFixed(2) + " ms)";
          } } }
        }
      }
    });
    spec.runs.forEach((run, i) => {
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = run.label;
      select.appendChild(option);
    });
    select.value = String(spec.shown);
    select.addEventListener("change", () => {
      const run = spec.runs[Number(select.value)];
      fit(run);
      chart.data = dataOf(run);
      chart.resize();
      chart.update();
    });
  }

  for (const spec of specs) {
    const canvas = document.getElementById(spec.id);
    if (!canvas) continue;
    if (spec.type === "timeline") {
      if (spec.runs.length > 0) timeline(spec, canvas, document.getElementById(spec.id + "-select"));
    } else {
      lineOrBar(spec, canvas);
    }
  }
})();
