// DOCX and ODT templates filled and read back by control ID, in the browser: DOCX content
// controls (w:tag), ODT content controls (loext:tag) and answer tables (table:name). The zip
// container is read and written with fflate (vendor/fflate). Used by dossier-rempli.js.
(function (global) {
  "use strict";

  var NS = {
    w: "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    w14: "http://schemas.microsoft.com/office/word/2010/wordml",
    text: "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    table: "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    loext: "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
  };
  var CHECKED = "\u2612", UNCHECKED = "\u2610";
  var XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

  // ---- XML helpers ----

  function clean(text) { return String(text).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ""); }

  function lines(text) { return clean(text).replace(/\r\n?/g, "\n").split("\n"); }

  function parse(bytes) {
    var xml = new DOMParser().parseFromString(global.fflate.strFromU8(bytes), "application/xml");
    if (xml.getElementsByTagName("parsererror").length) { throw new Error("xml"); }
    return xml;
  }

  function serialize(xml) {
    var s = new XMLSerializer().serializeToString(xml);
    return global.fflate.strToU8(/^<\?xml/.test(s) ? s : XML_HEAD + s);
  }

  function all(root, ns, name) { return Array.prototype.slice.call(root.getElementsByTagNameNS(ns, name)); }

  function child(node, ns, name) {
    for (var c = node.firstElementChild; c; c = c.nextElementSibling) {
      if (c.namespaceURI === ns && c.localName === name) { return c; }
    }
    return null;
  }

  // ---- DOCX: content controls (w:sdt) tagged with the control ID ----

  function docxControls(xml) {
    var out = {};
    all(xml, NS.w, "sdt").forEach(function (sdt) {
      var pr = child(sdt, NS.w, "sdtPr"), tag = pr && child(pr, NS.w, "tag");
      var content = child(sdt, NS.w, "sdtContent");
      if (tag && content) { out[tag.getAttributeNS(NS.w, "val")] = { sdt: sdt, pr: pr, content: content }; }
    });
    return out;
  }

  function docxRun(xml, rpr, text) {
    var r = xml.createElementNS(NS.w, "w:r");
    if (rpr) { r.appendChild(rpr.cloneNode(true)); }
    var t = xml.createElementNS(NS.w, "w:t");
    t.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", "preserve");
    t.textContent = text;
    r.appendChild(t);
    return r;
  }

  function docxFill(xml, id, c, value) {
    var box = child(c.pr, NS.w14, "checkbox");
    if (box) {
      var checked = child(box, NS.w14, "checked");
      checked.setAttributeNS(NS.w14, "w14:val", value === true ? "1" : "0");
      all(c.content, NS.w, "t").forEach(function (t) { t.textContent = value === true ? CHECKED : UNCHECKED; });
      return true;
    }
    if (typeof value !== "string") { return false; }
    var placeholder = child(c.pr, NS.w, "showingPlcHdr");
    if (placeholder) { c.pr.removeChild(placeholder); }
    // One paragraph, lines separated by w:br: LibreOffice turns a block control into an inline
    // one on save, and would leave every paragraph after the first outside the control.
    var p = child(c.content, NS.w, "p"), target = c.content, rpr = null;
    if (p) {  // block control (answer cells): keep the paragraph and its properties
      var ppr = child(p, NS.w, "pPr");
      while (c.content.firstChild) { c.content.removeChild(c.content.firstChild); }
      target = xml.createElementNS(NS.w, "w:p");
      if (ppr) { target.appendChild(ppr.cloneNode(true)); }
      c.content.appendChild(target);
    } else {  // inline control: keep the run properties
      var first = child(c.content, NS.w, "r");
      rpr = first && child(first, NS.w, "rPr");
      while (c.content.firstChild) { c.content.removeChild(c.content.firstChild); }
    }
    lines(value).forEach(function (line, i) {
      if (i) {
        var br = xml.createElementNS(NS.w, "w:r");
        br.appendChild(xml.createElementNS(NS.w, "w:br"));
        target.appendChild(br);
      }
      if (line) { target.appendChild(docxRun(xml, rpr, line)); }
    });
    return true;
  }

  function docxText(node) {
    var out = [];
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType !== 1) { continue; }
        if (c.namespaceURI === NS.w && c.localName === "t") { out.push(c.textContent); }
        else if (c.namespaceURI === NS.w && (c.localName === "br" || c.localName === "cr")) { out.push("\n"); }
        else if (c.namespaceURI === NS.w && c.localName === "tab") { out.push("\t"); }
        else if (c.namespaceURI === NS.w && c.localName === "p") {
          if (out.length) { out.push("\n"); }
          walk(c);
        } else { walk(c); }
      }
    })(node);
    return out.join("");
  }

  function docxValue(pr, content) {
    var box = child(pr, NS.w14, "checkbox");
    if (box) {
      var v = child(box, NS.w14, "checked");
      return !!v && /^(1|true|on)$/.test(v.getAttributeNS(NS.w14, "val"));
    }
    return child(pr, NS.w, "showingPlcHdr") ? "" : docxText(content);
  }

  // Every content control in document order, with its tag ("" where an editor dropped it).
  function docxSequence(xml) {
    return all(xml, NS.w, "sdt").map(function (sdt) {
      var pr = child(sdt, NS.w, "sdtPr"), tag = pr && child(pr, NS.w, "tag");
      var content = child(sdt, NS.w, "sdtContent");
      return { tag: tag ? tag.getAttributeNS(NS.w, "val") : "",
        value: pr && content ? docxValue(pr, content) : "" };
    });
  }

  function docxRead(xml) {
    var found = {}, sequence = docxSequence(xml);
    sequence.forEach(function (c) { if (c.tag) { found[c.tag] = c.value; } });
    return { found: found, sequence: sequence };
  }

  // ---- ODT: content controls (loext:tag) in grids, answer tables named after the question ----

  function odtLine(xml, p, line) {
    // ODF collapses runs of spaces: write them as text:s, tabs as text:tab.
    line.split(/( {2,}|\t|^ )/).forEach(function (part) {
      if (!part) { return; }
      if (part === "\t") { p.appendChild(xml.createElementNS(NS.text, "text:tab")); }
      else if (/^ +$/.test(part)) {
        var s = xml.createElementNS(NS.text, "text:s");
        if (part.length > 1) { s.setAttributeNS(NS.text, "text:c", String(part.length)); }
        p.appendChild(s);
      } else { p.appendChild(xml.createTextNode(part)); }
    });
  }

  function odtText(node) {
    var out = [];
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) { out.push(c.nodeValue); continue; }
        if (c.nodeType !== 1) { continue; }
        if (c.namespaceURI === NS.text && c.localName === "line-break") { out.push("\n"); }
        else if (c.namespaceURI === NS.text && c.localName === "tab") { out.push("\t"); }
        else if (c.namespaceURI === NS.text && c.localName === "s") {
          out.push(new Array(Number(c.getAttributeNS(NS.text, "c") || "1") + 1).join(" "));
        } else if (c.namespaceURI === NS.text && (c.localName === "p" || c.localName === "h")) {
          if (out.length) { out.push("\n"); }
          walk(c);
        } else { walk(c); }
      }
    })(node);
    return out.join("");
  }

  function odtControls(xml) {
    var out = {};
    all(xml, NS.loext, "content-control").forEach(function (c) {
      var tag = c.getAttributeNS(NS.loext, "tag");
      if (tag) { out[tag] = { control: c }; }
    });
    all(xml, NS.table, "table").forEach(function (t) {
      var name = t.getAttributeNS(NS.table, "name");
      var rows = all(t, NS.table, "table-row"), cells = all(t, NS.table, "table-cell");
      if (name && !out[name] && rows.length === 1 && cells.length === 1) { out[name] = { cell: cells[0] }; }
    });
    return out;
  }

  function odtFill(xml, id, c, value) {
    if (c.control) {
      var ctl = c.control;
      if (ctl.getAttributeNS(NS.loext, "checkbox") === "true") {
        ctl.setAttributeNS(NS.loext, "loext:checked", value === true ? "true" : "false");
        ctl.textContent = value === true ? CHECKED : UNCHECKED;
        return true;
      }
      if (typeof value !== "string") { return false; }
      ctl.setAttributeNS(NS.loext, "loext:showing-place-holder", "false");
      while (ctl.firstChild) { ctl.removeChild(ctl.firstChild); }
      lines(value).forEach(function (line, i) {
        if (i) { ctl.appendChild(xml.createElementNS(NS.text, "text:line-break")); }
        odtLine(xml, ctl, line);
      });
      return true;
    }
    if (typeof value !== "string") { return false; }
    var cell = c.cell, model = child(cell, NS.text, "p");
    var style = model ? model.getAttributeNS(NS.text, "style-name") : "";
    while (cell.firstChild) { cell.removeChild(cell.firstChild); }
    lines(value).forEach(function (line) {
      var p = xml.createElementNS(NS.text, "text:p");
      if (style) { p.setAttributeNS(NS.text, "text:style-name", style); }
      odtLine(xml, p, line);
      cell.appendChild(p);
    });
    return true;
  }

  function odtValue(ctl) {
    if (ctl.getAttributeNS(NS.loext, "checkbox") === "true") {
      return ctl.getAttributeNS(NS.loext, "checked") === "true";
    }
    return ctl.getAttributeNS(NS.loext, "showing-place-holder") === "true" ? "" : odtText(ctl);
  }

  // Content controls in document order, with their tag ("" where an editor dropped it); answer
  // tables keep their names in LibreOffice and are read by name.
  function odtRead(xml) {
    var found = {}, controls = odtControls(xml);
    Object.keys(controls).forEach(function (id) {
      if (controls[id].cell) { found[id] = odtText(controls[id].cell); }
    });
    var sequence = all(xml, NS.loext, "content-control").map(function (ctl) {
      return { tag: ctl.getAttributeNS(NS.loext, "tag") || "", value: odtValue(ctl) };
    });
    sequence.forEach(function (c) { if (c.tag) { found[c.tag] = c.value; } });
    return { found: found, sequence: sequence };
  }

  // ---- Zip containers ----

  var FORMATS = {
    docx: { part: "word/document.xml", controls: docxControls, fill: docxFill, read: docxRead,
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    odt: { part: "content.xml", controls: odtControls, fill: odtFill, read: odtRead,
      type: "application/vnd.oasis.opendocument.text" }
  };

  // Fill a blank template (bytes) with ``values``; returns {bytes, places, absents}.
  function remplir(bytes, format, values) {
    var f = FORMATS[format], files = global.fflate.unzipSync(bytes);
    var xml = parse(files[f.part]), controls = f.controls(xml), places = 0, absents = [];
    Object.keys(values).forEach(function (id) {
      if (controls[id] && f.fill(xml, id, controls[id], values[id])) { places += 1; }
      else if (values[id] !== "" && values[id] !== false) { absents.push(id); }
    });
    files[f.part] = serialize(xml);
    var out = {};
    if (files.mimetype) { out.mimetype = [files.mimetype, { level: 0 }]; }  // ODF: first, stored
    Object.keys(files).forEach(function (name) { if (name !== "mimetype") { out[name] = files[name]; } });
    return { bytes: global.fflate.zipSync(out, { level: 6 }), places: places, absents: absents };
  }

  // {format, found: {control ID: value}, sequence: [{tag, value}] of every content control}.
  function lire(bytes) {
    var files = global.fflate.unzipSync(bytes);
    var format = files["word/document.xml"] ? "docx" : files["content.xml"] ? "odt" : "";
    if (!format) { throw new Error("format"); }
    var res = FORMATS[format].read(parse(files[FORMATS[format].part]));
    res.format = format;
    return res;
  }

  global.cqpRempliFormats = { remplir: remplir, lire: lire,
    types: { docx: FORMATS.docx.type, odt: FORMATS.odt.type } };
})(window);
