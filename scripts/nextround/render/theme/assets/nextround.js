/* Next Round: checklists that remember their ticks, the letter builder, and
 * worksheets to fill in.
 *
 * Progressive enhancement: the pages read fine without this file; it reveals
 * the tools it drives. Nothing here talks to the network. Ticks and
 * worksheet answers are kept in this browser's localStorage; what you type
 * into a letter is never stored.
 *
 * Every word shown comes from content/interface.yml: each page holds the
 * strings this file names in its calls of say() (the build finds them by
 * those calls, so each name is written as a quoted string there), and a page
 * in another language speaks it here too.
 */
(function () {
  "use strict";

  var STORAGE_PREFIX = "nextround:ticks:";
  var ANSWERS_PREFIX = "nextround:answers:";
  /* pdf-lib is shipped beside this file and loaded only when a filled-in PDF is asked for. */
  var PDF_LIB = new URL("pdf-lib/pdf-lib.min.js", document.currentScript.src).href;
  var PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;
  /* A value in an interface string, as in Python's str.format: {name}, and {{ or }} for a brace. */
  var VALUE = /\{\{|\}\}|\{([a-z][a-z0-9_]*)\}/g;

  function readStrings() {
    var holder = document.getElementById("nextround-strings");
    try {
      return (holder && JSON.parse(holder.textContent)) || {};
    } catch (error) {
      return {};
    }
  }
  var STRINGS = readStrings();

  /* The interface string called name, with its values filled in. */
  function say(name, values) {
    var text = Object.prototype.hasOwnProperty.call(STRINGS, name) ? STRINGS[name] : name;
    return text.replace(VALUE, function (whole, key) {
      if (!key) { return whole.charAt(0); }
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

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
      status.textContent = message || say("ticked_count", { ticked: ticked().length, total: boxes.length });
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
      report(say("ticks_cleared"));
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
    return anyTyped ? say("blank_field", { label: field.label }) : field.example;
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
        parts.push(say("subject_label") + " " + fill(source.subject, value));
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
        function () { status.textContent = say("copied"); },
        function () { status.textContent = say("copy_failed"); }
      );
    });
    form.hidden = false;
    tools.hidden = false;
    update();
  }

  /* Worksheets: the page's form has the fields, with the same names, of the
   * sheet's fillable PDF. Answers are kept as {field name: text, true (a
   * ticked box) or the value of a chosen radio button}. */
  function readAnswers(worksheet) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(ANSWERS_PREFIX + worksheet) || "{}");
      return saved && typeof saved === "object" && !Array.isArray(saved) ? saved : {};
    } catch (error) {
      return {};
    }
  }

  function writeAnswers(worksheet, answers) {
    try {
      if (Object.keys(answers).length) {
        window.localStorage.setItem(ANSWERS_PREFIX + worksheet, JSON.stringify(answers));
      } else {
        window.localStorage.removeItem(ANSWERS_PREFIX + worksheet);
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  /* A script from the site's own folders, loaded once; it works from file:// too. */
  var loading = {};
  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () {
          delete loading[src];
          reject(new Error("could not load " + src));
        };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  /* The sheet's own fillable PDF (its paper size and branding come with it), with the answers in its fields. */
  function filledPdf(worksheet, scriptSrc, answers) {
    return Promise.all([loadScript(PDF_LIB), loadScript(scriptSrc)]).then(function () {
      var lib = window.PDFLib;
      return lib.PDFDocument.load(window.nextroundPdfs[worksheet]).then(function (doc) {
        return doc.embedFont(lib.StandardFonts.Helvetica).then(function (font) {
          var form = doc.getForm();
          var viewerMustDraw = false;
          form.getFields().forEach(function (field) {
            var value = answers[field.getName()];
            if (value === undefined) {
              return;
            }
            if (field instanceof lib.PDFTextField) {
              field.setText(String(value));
              try {
                field.updateAppearances(font);
              } catch (error) {
                /* A character the PDF's standard font lacks: the reader's PDF viewer draws the text. */
                viewerMustDraw = true;
              }
            } else if (field instanceof lib.PDFCheckBox) {
              if (value === true) { field.check(); }
            } else if (field instanceof lib.PDFRadioGroup) {
              if (field.getOptions().indexOf(String(value)) !== -1) { field.select(String(value)); }
            }
          });
          if (viewerMustDraw) {
            form.acroForm.dict.set(lib.PDFName.of("NeedAppearances"), lib.PDFBool.True);
          }
          return doc.save({ updateFieldAppearances: false });
        });
      });
    });
  }

  function offerDownload(bytes, filename) {
    var url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    link.className = "nr-offscreen";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function setUpWorksheet(form) {
    var worksheet = form.getAttribute("data-worksheet");
    var outline = document.querySelector('[data-worksheet-outline="' + worksheet + '"]');
    var status = form.querySelector("[data-worksheet-status]");
    var controls = Array.prototype.slice.call(form.querySelectorAll("input[name], textarea[name]"));

    function collect() {
      var answers = {};
      controls.forEach(function (control) {
        if (control.type === "checkbox") {
          if (control.checked) { answers[control.name] = true; }
        } else if (control.type === "radio") {
          if (control.checked) { answers[control.name] = control.value; }
        } else if (control.value.trim()) {
          answers[control.name] = control.value;
        }
      });
      return answers;
    }

    /* What print shows in place of each box to type in: the words, whole, as plain text. */
    function showForPrint(control) {
      var shown = control.nextElementSibling;
      if (!shown || !shown.classList.contains("nr-print-value")) {
        shown = document.createElement("div");
        shown.className = "nr-print-value";
        shown.setAttribute("aria-hidden", "true");
        control.parentNode.insertBefore(shown, control.nextSibling);
      }
      shown.textContent = control.value;
    }

    /* A table shows its first row, every row up to the last one answered, and a button for one more. */
    function showRows(table, atLeast) {
      var rows = Array.prototype.slice.call(table.querySelectorAll("fieldset.nr-row"));
      var wanted = Math.max(1, atLeast || 0);
      rows.forEach(function (row, index) {
        var answered = Array.prototype.some.call(row.querySelectorAll("textarea"), function (box) {
          return box.value.trim();
        });
        if (answered) { wanted = Math.max(wanted, index + 1); }
      });
      rows.forEach(function (row, index) { row.hidden = index >= wanted; });
      var adder = table.querySelector(".nr-add-row");
      if (adder) {
        adder.hidden = wanted >= rows.length;
        adder.querySelector("button").textContent = say("add_row_shown", { shown: wanted, total: rows.length });
      }
      return rows;
    }

    function fill(answers) {
      controls.forEach(function (control) {
        var value = answers[control.name];
        if (control.type === "checkbox") {
          control.checked = value === true;
        } else if (control.type === "radio") {
          control.checked = value !== undefined && String(value) === control.value;
        } else {
          control.value = typeof value === "string" ? value : "";
          showForPrint(control);
        }
      });
      Array.prototype.forEach.call(form.querySelectorAll(".nr-form-table"), function (table) { showRows(table); });
    }

    function save(event) {
      if (event && event.target && event.target.matches("textarea, input[type=text]")) {
        showForPrint(event.target);
      }
      if (!writeAnswers(worksheet, collect())) {
        status.textContent = say("answers_not_saved");
      }
    }

    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    Array.prototype.forEach.call(form.querySelectorAll(".nr-form-table"), function (table) {
      var button = table.querySelector('[data-action="add-row"]');
      if (!button) { return; }
      button.addEventListener("click", function () {
        var shown = table.querySelectorAll("fieldset.nr-row:not([hidden])").length;
        var rows = showRows(table, shown + 1);
        var added = rows[Math.min(shown, rows.length - 1)];
        added.querySelector("textarea").focus();
        status.textContent = say("row_added", { row: shown + 1 });
      });
    });

    form.querySelector('[data-action="clear"]').addEventListener("click", function () {
      if (!window.confirm(say("confirm_clear_answers"))) { return; }
      writeAnswers(worksheet, {});
      fill({});
      status.textContent = say("answers_cleared");
    });
    form.querySelector('[data-action="print"]').addEventListener("click", function () {
      window.print();
    });
    var download = form.querySelector('[data-action="download"]');
    download.addEventListener("click", function () {
      download.disabled = true;
      status.textContent = say("making_pdf");
      filledPdf(worksheet, form.getAttribute("data-pdf-script"), collect()).then(
        function (bytes) {
          var file = say("answers_file", { worksheet: worksheet });
          offerDownload(bytes, file);
          status.textContent = say("pdf_downloaded", { file: file });
        },
        function () {
          status.textContent = say("pdf_failed", { print_answers: say("print_answers") });
        }
      ).then(function () { download.disabled = false; });
    });

    fill(readAnswers(worksheet));
    if (outline) { outline.hidden = true; }
    form.hidden = false;
  }

  /* A table too wide for a phone scrolls sideways inside its box; keyboard
   * users can only scroll a box they can focus (WCAG 2.1.1). */
  function markScrollingTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", say("table_scrolls"));
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
    Array.prototype.forEach.call(document.querySelectorAll("form[data-worksheet]"), setUpWorksheet);
    markScrollingTables();
    window.addEventListener("resize", markScrollingTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
