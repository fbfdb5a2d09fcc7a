/* Next Round: checklists that remember their ticks, and the letter builder.
 *
 * Progressive enhancement: the pages read fine without this file; it reveals
 * the tools it drives. Nothing here talks to the network. Ticks are kept in
 * this browser's localStorage; what you type into a letter is never stored.
 */
(function () {
  "use strict";

  var STORAGE_PREFIX = "nextround:ticks:";
  var PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

  /* Storage can be missing or refuse writes (private windows, strict
   * settings); the checklist must still work for this visit. */
  function readTicks(checklist) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORAGE_PREFIX + checklist) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (error) {
      return [];
    }
  }

  function writeTicks(checklist, ticked) {
    try {
      if (ticked.length) {
        window.localStorage.setItem(STORAGE_PREFIX + checklist, JSON.stringify(ticked));
      } else {
        window.localStorage.removeItem(STORAGE_PREFIX + checklist);
      }
    } catch (error) {
      /* Nothing to do: the ticks last until the page is closed. */
    }
  }

  function setUpChecklist(tools) {
    var checklist = tools.getAttribute("data-checklist-tools");
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('[data-checklist="' + checklist + '"] input[type="checkbox"][data-item]')
    );
    var status = tools.querySelector("[data-checklist-status]");

    function ticked() {
      return boxes.filter(function (box) { return box.checked; })
        .map(function (box) { return box.getAttribute("data-item"); });
    }

    function report(message) {
      status.textContent = message || "You have ticked " + ticked().length + " of " + boxes.length + ".";
    }

    var saved = readTicks(checklist);
    boxes.forEach(function (box) {
      box.checked = saved.indexOf(box.getAttribute("data-item")) !== -1;
      box.addEventListener("change", function () {
        writeTicks(checklist, ticked());
        report();
      });
    });

    tools.querySelector('[data-action="clear"]').addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      writeTicks(checklist, []);
      report("Your ticks are cleared.");
    });
    tools.querySelector('[data-action="print"]').addEventListener("click", function () {
      window.print();
    });
    tools.hidden = false;
    report();
  }

  /* Fill a template with the typed values. Before anything is typed the
   * letter shows its example; once you start, the fields you have not filled
   * show their name in brackets, so a half-finished letter never goes out
   * with someone else's name in it. */
  function valueFor(field, typed, anyTyped) {
    if (typed[field.name]) {
      return typed[field.name];
    }
    return anyTyped ? "[" + field.label + "]" : field.example;
  }

  function setUpLetter(form) {
    var letter = form.getAttribute("data-letter");
    var source = JSON.parse(document.querySelector('[data-letter-source="' + letter + '"]').textContent);
    var preview = document.querySelector('[data-letter-preview="' + letter + '"]');
    var tools = document.querySelector('[data-letter-tools="' + letter + '"]');
    var status = tools.querySelector("[data-letter-status]");
    var emailLink = tools.querySelector('[data-action="email"]');
    var fields = {};
    source.fields.forEach(function (field) { fields[field.name] = field; });

    function typedValues() {
      var typed = {};
      source.fields.forEach(function (field) {
        var input = form.elements[field.name];
        typed[field.name] = input ? input.value.trim() : "";
      });
      return typed;
    }

    function filler(typed) {
      var anyTyped = Object.keys(typed).some(function (name) { return typed[name]; });
      return function (name) { return valueFor(fields[name], typed, anyTyped); };
    }

    function fill(template, value) {
      return template.replace(PLACEHOLDER, function (_, name) { return value(name); });
    }

    function paragraphs(text) {
      return text.trim().split(/\n\s*\n/).map(function (p) { return p.trim(); }).filter(Boolean);
    }

    /* The same layout as the downloadable .txt: subject line, then paragraphs. */
    function letterText(value) {
      var parts = [];
      if (source.subject) {
        parts.push("Subject: " + fill(source.subject, value));
      }
      return parts.concat(paragraphs(fill(source.body, value))).join("\n\n");
    }

    /* RFC 6068: percent-encode everything, line breaks as CRLF. */
    function mailto(value) {
      var query = [];
      if (source.subject) {
        query.push("subject=" + encodeURIComponent(fill(source.subject, value)));
      }
      var body = paragraphs(fill(source.body, value)).join("\n\n").replace(/\r?\n/g, "\r\n");
      query.push("body=" + encodeURIComponent(body));
      return "mailto:?" + query.join("&");
    }

    function update() {
      var typed = typedValues();
      var value = filler(typed);
      Array.prototype.forEach.call(preview.querySelectorAll("mark[data-field]"), function (mark) {
        var name = mark.getAttribute("data-field");
        mark.textContent = value(name);
        mark.classList.toggle("nr-filled", Boolean(typed[name]));
      });
      emailLink.href = mailto(value);
    }

    function copyText(text) {
      if (navigator.clipboard && window.isSecureContext) {
        return navigator.clipboard.writeText(text);
      }
      return new Promise(function (resolve, reject) {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.className = "nr-offscreen";
        document.body.appendChild(area);
        area.select();
        var copied = document.execCommand("copy");
        document.body.removeChild(area);
        (copied ? resolve : reject)();
      });
    }

    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    tools.querySelector('[data-action="copy"]').addEventListener("click", function () {
      copyText(letterText(filler(typedValues()))).then(
        function () { status.textContent = "Copied. Paste it wherever you write your message."; },
        function () { status.textContent = "Your browser would not copy it. Select the letter above and copy it by hand."; }
      );
    });
    form.hidden = false;
    tools.hidden = false;
    update();
  }

  /* A table too wide for a phone scrolls sideways inside its box; keyboard
   * users can only scroll a box they can focus (WCAG 2.1.1). */
  function markScrollingTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table, scrolls sideways");
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-checklist-tools]"), setUpChecklist);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-letter]"), setUpLetter);
    markScrollingTables();
    window.addEventListener("resize", markScrollingTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
