// "Download my filled dossier": the site's own blank DOCX / ODT template, fetched from the site,
// filled in the browser with the answers kept in localStorage (stockage.js) and saved as a file;
// and the way back, answers read from a filled DOCX, ODT or PDF. Nothing of the answers leaves
// the page. Controls are matched by their stable IDs only (w:tag, loext:tag, table:name, PDF
// field name), never by their text. Formats: rempli-formats.js.
(function (global) {
  "use strict";

  var doc = global.document;
  // rempli-suite.js and rempli-apparence.js sit beside this script; loaded with pdf-lib, when a
  // PDF is filled or read.
  var ICI = doc.currentScript ? new URL(".", doc.currentScript.src).href : "";
  var CADRE = /^suite-reponses-\d+$/;  // the PDF’s continuation boxes (documents/suites.py)
  // ---- Answers ⇄ document controls (pure) ----

  function dateFr(v) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(v);
    return m ? m[3] + "/" + m[2] + "/" + m[1] : v;
  }

  function dateIso(v) {
    var m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(v);
    if (m) { return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2); }
    return /^\d{4}-\d\d-\d\d$/.test(v.trim()) ? v.trim() : "";
  }

  // Row of a criterion in the documents: a published criterion keeps its ID; the n-th blank row
  // of a unit whose criteria are not published ("b2#3" on the page) is "b2-critere-3".
  function ligne(k) {
    var m = /^(.*)#(\d+)$/.exec(k);
    return m ? m[1] + "-critere-" + m[2] : k;
  }

  // Stored answers → {control ID: text, or true for a ticked box}. ``formats``: question ID →
  // "long" | "court" | "date" | "signature" (dates are written the French way, 31/01/2026).
  function valeurs(entries, formats) {
    var out = {};
    var rep = entries.reponses || {}, g = entries.grilles || {};
    var ajouts = entries.criteres_ajoutes || {};
    Object.keys(rep).forEach(function (k) {
      var m = /^(.*)#(\d+)$/.exec(k), q = m ? m[1] : k;
      var v = String(rep[k]);
      out[m ? q + "-" + m[2] : q] = formats[q] === "date" ? dateFr(v) : v;
    });
    Object.keys(g).forEach(function (k) {
      var obs = /^observations:(.*)$/.exec(k), dec = /^decision:(.*)$/.exec(k);
      if (obs) {
        out[ligne(obs[1]) + "-observations"] = String(g[k]);
      } else if (dec) {
        out[dec[1] + "-decision-" + (g[k] === "acquise" ? "acquis" : "non-acquis")] = true;
      } else if (g[k] === "acquis" || g[k] === "non-acquis") {
        out[ligne(k) + "-" + g[k]] = true;
      }
    });
    Object.keys(ajouts).forEach(function (k) {
      var a = ajouts[k] || {};
      if (a.texte) { out[ligne(k)] = String(a.texte); }
      if (a.essentiel) { out[ligne(k) + "-essentiel"] = true; }
    });
    return out;
  }

  // A grid filled on the site holds the candidate's own estimates, not the commission's
  // decision: the document says so where it is filled in and beside each estimated decision.
  // Written only where the template has the field (never reported as "without a place").
  var ESTIMATION = "le candidat (auto-évaluation) ; la décision revient à la commission " +
    "d’évaluation";
  var ESTIMATION_UNITE = "Estimation du candidat, pas la décision de la commission d’évaluation.";

  function mentions(values) {
    var out = { "grille-remplie-par": ESTIMATION };
    Object.keys(values).forEach(function (id) {
      var m = /^(.*)-decision-(acquis|non-acquis)$/.exec(id);
      if (m && values[id] === true && !values[m[1] + "-decision-observations"]) {
        out[m[1] + "-decision-observations"] = ESTIMATION_UNITE;
      }
    });
    return out;
  }

  // {control ID: text | boolean} read from a document → {map: {key: value}} for stockage.js.
  // ``page`` says which IDs this page knows: questions (format, repeated or not), criteria rows
  // and units. Controls it does not know are counted, not guessed.
  function reponses(found, page) {
    var out = { reponses: {}, grilles: {}, criteres_ajoutes: {} }, ignores = [];
    function question(id) {
      var q = page.questions[id];
      if (q && !q.repete) { return [id, q]; }
      var m = /^(.*)-(\d+)$/.exec(id);
      q = m && page.questions[m[1]];
      return q && q.repete ? [m[1] + "#" + m[2], q] : null;
    }
    function row(id) {  // control ID of a criterion row → its storage key
      if (page.criteres[id]) { return id; }
      var m = /^(.*)-critere-(\d+)$/.exec(id);
      return m && page.unites[m[1]] ? m[1] + "#" + m[2] : null;
    }
    Object.keys(found).forEach(function (id) {
      var v = found[id], q = question(id), m;
      if (v === "" || v === false) { return; }
      if (q && typeof v === "string") {
        v = q[1].format === "date" ? dateIso(v) : v;
        if (v) { out.reponses[q[0]] = v; } else { ignores.push(id); }
      } else if ((m = /^(.*?)-decision-(non-acquis|acquis)$/.exec(id)) && page.unites[m[1]] &&
          v === true) {
        out.grilles["decision:" + m[1]] = m[2] === "acquis" ? "acquise" : "non-acquise";
      } else if ((m = /^(.*?)-(non-acquis|acquis)$/.exec(id)) && row(m[1]) && v === true) {
        out.grilles[row(m[1])] = m[2];
      } else if ((m = /^(.*)-observations$/.exec(id)) && row(m[1]) && typeof v === "string") {
        out.grilles["observations:" + row(m[1])] = v;
      } else if ((m = /^(.*)-essentiel$/.exec(id)) && row(m[1]) && /#/.test(row(m[1])) &&
          v === true) {
        (out.criteres_ajoutes[row(m[1])] = out.criteres_ajoutes[row(m[1])] || { texte: "" })
          .essentiel = true;
      } else if (row(id) && /#/.test(row(id)) && typeof v === "string") {
        (out.criteres_ajoutes[row(id)] = out.criteres_ajoutes[row(id)] || { essentiel: false })
          .texte = v;
      } else {
        ignores.push(id);
      }
    });
    Object.keys(out.criteres_ajoutes).forEach(function (k) {
      var a = out.criteres_ajoutes[k];
      out.criteres_ajoutes[k] = { texte: a.texte || "", essentiel: a.essentiel === true };
    });
    return { donnees: out, ignores: ignores };
  }

  // What the page knows: question IDs (with format, and whether they sit in a repeated
  // rubrique), criterion rows and units of the grids.
  function pageIds() {
    var ids = { questions: {}, criteres: {}, unites: {} };
    doc.querySelectorAll(".question[data-question]").forEach(function (q) {
      ids.questions[q.getAttribute("data-question")] = {
        format: q.getAttribute("data-format") || "long",
        repete: /#\d+$/.test(q.getAttribute("data-cle") || "") ||
          !!q.closest(".exemplaires, .sous-rubriques")
      };
    });
    doc.querySelectorAll(".grille[data-unite]").forEach(function (g) {
      ids.unites[g.getAttribute("data-unite")] = true;
    });
    doc.querySelectorAll(".grille tr[data-critere]").forEach(function (tr) {
      if (tr.getAttribute("data-critere")) { ids.criteres[tr.getAttribute("data-critere")] = true; }
    });
    return ids;
  }

  // ---- The page: download and import buttons, messages ----

  var store = null; // stockage.js, read once every deferred script has run (see init)
  var MAPS = { dossier: ["reponses"], grille: ["grilles", "criteres_ajoutes"] };

  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function today() {
    var t = new Date();
    return t.getFullYear() + "-" + String(t.getMonth() + 1).padStart(2, "0") + "-" +
      String(t.getDate()).padStart(2, "0");
  }

  function save(bytes, type, name) {
    var a = el("a", { href: URL.createObjectURL(new Blob([bytes], { type: type })), download: name });
    doc.body.appendChild(a);
    a.click();
    doc.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  // How an answer without a place in the document reads: the question as the page shows it
  // (the label of a repeated copy names it: "Emploi n° 4 : Emploi :").
  function nom(id, ids) {
    var found = {};
    found[id] = "x";
    var cle = Object.keys(reponses(found, ids).donnees.reponses)[0];
    var q = cle && doc.querySelector('.question[data-cle="' + cle + '"] .question-texte');
    return q ? q.textContent.replace(/\s+/g, " ").trim() : id;
  }

  // PDF: AcroForm fields keep their names (the control IDs) in every reader. pdf-lib (~525 kB)
  // is loaded from the site only when a PDF is chosen.
  function charger(src, present) {
    return new Promise(function (ok, ko) {
      if (present()) { ok(); return; }
      var s = el("script", { src: src });
      s.onload = function () { ok(); };
      s.onerror = function () { ko(new Error(src)); };
      doc.head.appendChild(s);
    });
  }

  function chargerPdfLib(src) {
    return Promise.all([
      charger(src, function () { return !!global.PDFLib; }),
      charger(ICI + "rempli-suite.js", function () { return !!global.cqpRempliSuite; }),
      charger(ICI + "rempli-apparence.js", function () { return !!global.cqpRempliApparence; })
    ]);
  }

  function valeurTexte(value) {  // a PDF text field's value, line ends as a textarea gives them
    return String(value || "").replace(/\r\n?/g, "\n");
  }

  function lirePdf(bytes, src) {
    return chargerPdfLib(src).then(function () {
      return global.PDFLib.PDFDocument.load(bytes, { updateMetadata: false });
    }).then(function (pdf) {
      var found = {};
      pdf.getForm().getFields().forEach(function (f) {
        if (f instanceof global.PDFLib.PDFCheckBox) { found[f.getName()] = f.isChecked(); }
        else if (f instanceof global.PDFLib.PDFTextField) { found[f.getName()] = valeurTexte(f.getText()); }
        else if (f instanceof global.PDFLib.PDFRadioGroup) {
          // An exclusive pair ("c1-1": "acquis" | "non-acquis") reads as its two boxes.
          var choisi = f.getSelected();
          f.getOptions().forEach(function (o) { found[f.getName() + "-" + o] = o === choisi; });
        }
      });
      // Answers continued in the "Suite des réponses" boxes come back whole.
      return global.cqpRempliSuite.rassembler(found, function (id) { return CADRE.test(id); });
    });
  }

  // Where each widget sits: its box and its page number (1-based), for the continuation marks.
  function emplacements(pdf) {
    var pages = {};
    pdf.getPages().forEach(function (p, i) {
      var annots = p.node.Annots();
      for (var k = 0; annots && k < annots.size(); k += 1) { pages[String(annots.get(k))] = i + 1; }
    });
    return function (f) {
      var w = f.acroField.getWidgets()[0], r = w.getRectangle();
      // WeasyPrint writes /Rect top to bottom: sizes are the absolute values.
      return { rect: { width: Math.abs(r.width), height: Math.abs(r.height) },
        page: pages[String(pdf.context.getObjectRef(w.dict))] || 0 };
    };
  }

  function nomChamp(f) {  // the accessible name (/TU) the PDF gives a field
    var tu = f.acroField.dict.lookup(global.PDFLib.PDFName.of("TU"));
    return tu && tu.decodeText ? tu.decodeText() : f.getName();
  }

  // Long answers (the boxes whose text the blank PDF sizes automatically) that do not fit go on
  // in the continuation boxes; the boxes that got text are set to the fixed size.
  function repartir(pdf, fields, values) {
    var ou = emplacements(pdf), champs = [], cadres = [];
    pdf.getForm().getFields().forEach(function (f) {
      if (!(f instanceof global.PDFLib.PDFTextField) ||
          !/(^|\s)0(\.0*)?\s+Tf/.test(f.acroField.getDefaultAppearance() || "")) { return; }
      var id = f.getName(), place = ou(f);
      if (CADRE.test(id)) {
        cadres.push({ id: id, rect: place.rect, page: place.page });
      } else if (typeof values[id] === "string" && values[id]) {
        champs.push({ id: id, texte: values[id], rect: place.rect, page: place.page,
          nom: nomChamp(f) });
      }
    });
    if (!cadres.length) { return { valeurs: {}, ajustes: [], suites: 0, retrecis: [] }; }
    var res = global.cqpRempliSuite.repartir(champs, cadres);
    res.ajustes.forEach(function (id) { fields[id].setFontSize(TAILLE_PDF); });
    return res;
  }
  var TAILLE_PDF = 10;

  // LibreOffice keeps content controls but drops their tags on save (DOCX and ODT): when every
  // control of the site's blank template is still there, in the same order, the template's tags
  // name them again. Otherwise untagged controls are left out.
  function retag(res, box) {
    var url = box.getAttribute("data-" + res.format);
    if (!res.sequence.some(function (c) { return !c.tag; }) || !url) {
      return Promise.resolve(res);
    }
    return global.fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.arrayBuffer();
    }).then(function (buf) {
      var modele = global.cqpRempliFormats.lire(new Uint8Array(buf)).sequence;
      if (modele.length !== res.sequence.length) { res.incomplet = true; return res; }
      res.sequence.forEach(function (c, i) {
        if (!c.tag && modele[i].tag) { res.found[modele[i].tag] = c.value; }
      });
      return res;
    });
  }

  // The PDF's own fields take the values. Their appearances are drawn with the field font the
  // PDF embeds (pdf-lib's own drawing would use a font it does not embed, which PDF/UA forbids).
  function remplirPdf(bytes, values, src) {
    return chargerPdfLib(src).then(function () {
      return global.PDFLib.PDFDocument.load(bytes, { updateMetadata: false });
    }).then(function (pdf) {
      var fields = {}, choix = {}, places = 0, absents = [];
      pdf.getForm().getFields().forEach(function (f) {
        fields[f.getName()] = f;
        if (f instanceof global.PDFLib.PDFRadioGroup) {  // box "<group>-<option>" of a pair
          f.getOptions().forEach(function (o) { choix[f.getName() + "-" + o] = [f, o]; });
        }
      });
      var suite = repartir(pdf, fields, values);
      Object.keys(values).forEach(function (id) {
        var f = fields[id], v = values[id];
        if (suite.valeurs[id] !== undefined) { v = suite.valeurs[id]; }
        if (choix[id] && typeof v === "boolean") {
          if (v) { choix[id][0].select(choix[id][1]); }
          places += 1;
        } else if (f instanceof global.PDFLib.PDFCheckBox && typeof v === "boolean") {
          if (v) { f.check(); } else { f.uncheck(); }
          places += 1;
        } else if (f instanceof global.PDFLib.PDFTextField && typeof v === "string") {
          f.setText(v);
          places += 1;
        } else if (v !== "" && v !== false) { absents.push(id); }
      });
      Object.keys(suite.valeurs).forEach(function (id) {
        if (CADRE.test(id)) { fields[id].setText(suite.valeurs[id]); }
      });
      // Each filled text field gets its appearance, drawn with the PDF's own field font
      // (rempli-apparence.js); readers then show it as is (NeedAppearances off), unless one
      // could not be drawn.
      var cache = {}, dessine = true;
      pdf.getForm().getFields().forEach(function (f) {
        if (f instanceof global.PDFLib.PDFTextField && f.getText()) {
          dessine = global.cqpRempliApparence.dessiner(pdf, f, f.getText(), cache) && dessine;
        }
      });
      var acro = pdf.catalog.getAcroForm();
      if (dessine && acro) {
        acro.dict.set(global.PDFLib.PDFName.of("NeedAppearances"), global.PDFLib.PDFBool.False);
      }
      return pdf.save({ updateFieldAppearances: false, useObjectStreams: false })
        .then(function (out) {
          return { bytes: out, places: places, absents: absents, suites: suite.suites,
            retrecis: suite.retrecis };
        });
    });
  }

  function lire(bytes, box) {
    var pdf = bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;
    if (pdf) {
      return lirePdf(bytes, box.getAttribute("data-pdf-lib")).then(function (found) {
        return { found: found, sequence: [] };
      });
    }
    return retag(global.cqpRempliFormats.lire(bytes), box);
  }

  function setup(box) {
    var page = doc.querySelector(".reponses-outils[data-page]");
    var kind = page ? page.getAttribute("data-page") : "";
    if (!store || !MAPS[kind] || !global.fflate || !global.cqpRempliFormats) { return; }
    var libelle = box.getAttribute("data-libelle");
    // A polite live region, not a second role=status beside the toolbar's saving status.
    var statut = el("p", { class: "rempli-statut", "aria-live": "polite" });
    var boutons = el("p", { class: "rempli-boutons" });
    boutons.appendChild(el("strong", {}, "Télécharger " + libelle + " : "));
    ["docx", "odt", "pdf"].forEach(function (format) {
      if (!box.hasAttribute("data-" + format)) { return; }
      var b = el("button", { type: "button", class: "md-button rempli-" + format },
        format.toUpperCase());
      b.appendChild(el("span", { class: "md-visually-hidden" }, " : télécharger " + libelle));
      b.addEventListener("click", function () { telecharger(format); });
      boutons.appendChild(b);
    });
    var fichier = el("input", { type: "file", id: "rempli-fichier", class: "rempli-fichier",
      accept: ".docx,.odt,.pdf" });
    var reprendre = el("p", {});
    reprendre.appendChild(el("label", { for: "rempli-fichier" },
      "Reprendre les réponses d’un document déjà rempli (DOCX, ODT ou PDF de ce site) : "));
    reprendre.appendChild(fichier);
    box.appendChild(el("p", {}, "Le modèle vierge du site est rempli dans ce navigateur avec " +
      "vos réponses : elles ne sont envoyées nulle part."));
    box.appendChild(boutons);
    box.appendChild(reprendre);
    box.appendChild(statut);
    box.hidden = false;

    function dire(texte) { statut.textContent = texte; }

    function telecharger(format) {
      var ids = pageIds(), formats = {}, data = store.exportData(), entries = {};
      Object.keys(ids.questions).forEach(function (q) { formats[q] = ids.questions[q].format; });
      MAPS[kind].forEach(function (m) { entries[m] = data[m]; });
      dire("Préparation du document…");
      // A plain GET of the site's own blank template: nothing of the answers is sent.
      global.fetch(box.getAttribute("data-" + format), { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.arrayBuffer();
        }).then(function (buf) {
          var values = valeurs(entries, formats), bytes = new Uint8Array(buf);
          var extra = kind === "grille" ? mentions(values) : {};
          Object.keys(extra).forEach(function (id) { values[id] = extra[id]; });
          return Promise.resolve(format === "pdf" ?
            remplirPdf(bytes, values, box.getAttribute("data-pdf-lib")) :
            global.cqpRempliFormats.remplir(bytes, format, values)).then(function (res) {
            // The mentions are not the candidate's answers: neither counted nor reported.
            Object.keys(extra).forEach(function (id) {
              if (res.absents.indexOf(id) < 0) { res.places -= 1; }
            });
            res.absents = res.absents.filter(function (id) { return !(id in extra); });
            return res;
          });
        }).then(function (res) {
          var type = format === "pdf" ? "application/pdf" : global.cqpRempliFormats.types[format];
          save(res.bytes, type, box.getAttribute("data-nom") + "-rempli-" + today() + "." + format);
          var texte = "Document " + format.toUpperCase() + " enregistré : " + res.places +
            (res.places > 1 ? " réponses placées." : " réponse placée.");
          if (res.suites) {
            texte += " " + (res.suites > 1 ? res.suites + " réponses continuent" :
              "Une réponse continue") + " dans les cadres « Suite des réponses » à la fin du PDF.";
          }
          if (res.retrecis && res.retrecis.length) {
            texte += " Trop longues pour les cadres de ce PDF, écrites plus petit : " +
              res.retrecis.map(function (id) { return "« " + nom(id, ids) + " »"; }).join(", ") +
              ". Les versions DOCX et ODT les gardent à taille normale.";
          }
          if (res.absents.length) {
            texte += " Sans place dans le modèle, à recopier à la main : " +
              res.absents.map(function (id) { return "« " + nom(id, ids) + " »"; }).join(", ") + ".";
          }
          dire(texte);
        }).catch(function () {
          dire("Téléchargement impossible : le modèle vierge n’a pas pu être lu. Réessayez, ou " +
            "téléchargez le modèle vierge et exportez vos réponses.");
        });
    }

    function importer(file) {
      file.arrayBuffer().then(function (buf) {
        return lire(new Uint8Array(buf), box);
      }).then(function (lu) {
        var found = lu.found, perdu = lu.incomplet ? " Les champs de ce document ont perdu " +
          "leur identifiant et sa structure ne correspond plus au modèle du site : ils n’ont pas " +
          "été repris." : "";
        // Text left in the PDF's continuation boxes that no answer points to (written by hand
        // without « Renvoi … »): said, not guessed.
        if (Object.keys(found).some(function (id) { return CADRE.test(id) && found[id]; })) {
          perdu += " Le texte des cadres « Suite des réponses » qui ne suit aucune réponse " +
            "(sans « Renvoi … — suite de … ») n’a pas été repris.";
        }
        // A copy: exportData() hands out the live maps.
        var data = JSON.parse(JSON.stringify(store.exportData()));
        var res = reponses(found, pageIds()), n = 0, changes = 0;
        MAPS[kind].forEach(function (m) {
          Object.keys(res.donnees[m]).forEach(function (k) {
            var old = data[m][k];
            if (old !== undefined && JSON.stringify(old) !== JSON.stringify(res.donnees[m][k])) {
              changes += 1;
            }
            data[m][k] = res.donnees[m][k];
            n += 1;
          });
        });
        if (!n) {
          dire("Aucune réponse de cette page trouvée dans « " + file.name + " ». Vos réponses " +
            "n’ont pas changé." + perdu);
          return;
        }
        if (changes && !global.confirm("Le fichier « " + file.name + " » donne une autre " +
            "réponse à " + changes + (changes > 1 ? " questions" : " question") + " déjà " +
            "remplie" + (changes > 1 ? "s" : "") + " : remplacer vos réponses par celles du " +
            "fichier ? Les autres restent inchangées.")) {
          dire("Import annulé : vos réponses n’ont pas changé.");
          return;
        }
        store.replace(data);
        dire(n + (n > 1 ? " réponses reprises" : " réponse reprise") + " du fichier « " +
          file.name + " »." + perdu);
      }).catch(function () {
        dire("Import impossible : « " + file.name + " » n’est pas un document DOCX, ODT ou PDF " +
          "de ce site, ou il est illisible. Vos réponses n’ont pas changé.");
      });
    }

    fichier.addEventListener("change", function () {
      if (fichier.files && fichier.files[0]) { importer(fichier.files[0]); }
      fichier.value = "";
    });
  }

  global.cqpDossierRempli = { valeurs: valeurs, reponses: reponses, mentions: mentions,
    dateFr: dateFr, dateIso: dateIso };
  function init() {
    store = global.cqpStockage;
    doc.querySelectorAll(".dossier-rempli").forEach(setup);
  }
  // stockage.js and reponses.js come later in the page. A deferred script runs while the
  // document is already "interactive" but before DOMContentLoaded, and the scripts after it may
  // still be downloading: wait for that event (fired once every deferred script ran), then for
  // its other listeners. Run once, also if this script was added after the event.
  var started = false;
  function later() {
    if (!started) { started = true; global.setTimeout(init, 0); }
  }
  if (doc.readyState === "complete") { later(); } else {
    doc.addEventListener("DOMContentLoaded", later);
    global.addEventListener("load", later);
  }
})(window);
