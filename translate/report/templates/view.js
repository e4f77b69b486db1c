"use strict";
(function () {
  const data = JSON.parse(document.getElementById("comparison-data").textContent);
  const panel = document.getElementById("panel");
  const elements = new Map();
  document.querySelectorAll("[data-claim]").forEach(function (el) { elements.set(el.dataset.claim, el); });

  function text(tag, content, cls) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) { el.className = cls; }
    return el;
  }

  function reveal(target) {
    // Scroll the counterpart's own column, not the page: the reader keeps the claim they clicked in view.
    const column = target.closest(".doc-body");
    if (!column) { return; }
    const top = target.getBoundingClientRect().top - column.getBoundingClientRect().top + column.scrollTop;
    column.scrollTop = Math.max(0, top - column.clientHeight / 3);
  }

  function clear() {
    document.querySelectorAll(".selected, .counterpart").forEach(function (el) { el.classList.remove("selected", "counterpart"); });
  }

  function show(id) {
    const claim = data.claims[id];
    clear();
    const el = elements.get(id);
    if (el) { el.classList.add("selected"); }
    panel.replaceChildren();
    const close = text("button", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.className = "close";
    close.addEventListener("click", function () { clear(); panel.hidden = true; });
    panel.appendChild(close);
    panel.appendChild(text("h3", id + " · " + claim.label));
    panel.appendChild(text("p", claim.english));
    if (!claim.links.length) {
      panel.appendChild(text("p", claim.status === "set_aside" ? "Set aside: " + (claim.reason || "heading") + "." : "No counterpart in another document."));
    }
    claim.links.forEach(function (link) {
      link.claims.forEach(function (other) {
        const target = elements.get(other);
        if (target) {
          target.classList.add("counterpart");
          reveal(target);
        }
      });
      const box = document.createElement("div");
      box.appendChild(text("h3", link.tier_label + ": " + link.claims.join(" + ") + " (" + link.document + ")"));
      box.appendChild(text("p", link.evidence));
      if (link.differences.length) {
        const table = document.createElement("table");
        const head = document.createElement("tr");
        ["Detail", id, link.claims.join(" + "), ""].forEach(function (h) { head.appendChild(text("th", h)); });
        table.appendChild(head);
        link.differences.forEach(function (d) {
          const row = document.createElement("tr");
          [d.kind, d.here, d.there, d.note].forEach(function (cell) { row.appendChild(text("td", cell)); });
          table.appendChild(row);
        });
        box.appendChild(table);
      }
      if (link.diff) {
        [link.diff.here, link.diff.there].forEach(function (runs, side) {
          const p = document.createElement("p");
          p.appendChild(text("strong", (side ? link.claims.join(" + ") : id) + ": "));
          runs.forEach(function (run, i) {
            if (i) { p.appendChild(document.createTextNode(" ")); }
            p.appendChild(text("span", run[0], run[1] ? "differs" : ""));
          });
          box.appendChild(p);
        });
      }
      panel.appendChild(box);
    });
    panel.hidden = false;
  }

  elements.forEach(function (el, id) {
    el.addEventListener("click", function () { show(id); });
    el.addEventListener("focus", function () { show(id); });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(id); }
      if (event.key === "Escape") { clear(); panel.hidden = true; }
    });
  });

  document.getElementById("filter").addEventListener("change", function (event) {
    const wanted = event.target.value;
    if (wanted === "all") {
      delete document.body.dataset.filter;
    } else {
      document.body.dataset.filter = wanted;
    }
    elements.forEach(function (el) { el.classList.toggle("kept", wanted === "all" || el.dataset.status === wanted); });
  });

  document.querySelectorAll("button[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      const column = document.getElementById(button.dataset.toggle);
      const english = column.classList.toggle("show-en");
      button.textContent = english ? "Show the original" : "Show the English";
    });
  });
})();
