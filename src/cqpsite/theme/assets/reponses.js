// Fill the dossier and the checklists in the browser: restore and autosave answers, repeated
// rubriques, progress, export / import / clear, print. Without JavaScript the questions and
// their (unsaved) fields still read as a plain page.
(function (global) {
  "use strict";

  var store = global.cqpStockage;
  var doc = global.document;

  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // Printing clips a field to its box: a print-only copy (referentiels.css) shows the answer in
  // full, and marks unanswered fields with a blank line to write on.
  function mirror(control) {
    var copie = control.nextElementSibling;
    if (!copie || !copie.classList.contains("reponse-imprimee")) {
      copie = el("div", { class: "reponse-imprimee", "aria-hidden": "true" });
      control.parentNode.insertBefore(copie, control.nextSibling);
      control.classList.add("avec-copie");
    }
    var v = control.value;
    var date = control.type === "date" && /^(\d{4})-(\d\d)-(\d\d)$/.exec(v);
    if (date) { v = date[3] + "/" + date[2] + "/" + date[1]; }
    copie.textContent = v;
    copie.classList.toggle("vide", v.trim() === "");
  }

  // Browsers that size a field to its text (CSS field-sizing, referentiels.css) need no script.
  var NATIVE = !!(global.CSS && global.CSS.supports && global.CSS.supports("field-sizing", "content"));

  // Print copies of the fields restored at load are made a few at a time while the page is idle
  // (a hundred nodes added at once cost a long task on a phone), at once for a field being typed
  // in and before printing (beforeprint, below).
  var aCopier = [], copieProgrammee = false;
  var LOT = 25;

  function whenIdle(fn) {
    if (global.requestIdleCallback) { global.requestIdleCallback(fn, { timeout: 1000 }); }
    else { global.setTimeout(fn, 1); }
  }

  function copySome() {
    aCopier.splice(0, LOT).forEach(mirror);
    if (aCopier.length) { whenIdle(copySome); } else { copieProgrammee = false; }
  }

  // Fit text areas to their text: every write, then every read (one layout), then every write,
  // never a layout per field. An empty area keeps its CSS height: nothing to measure.
  // ``plusTard``: their print copies are made when the page is idle.
  function growAll(controls, plusTard) {
    if (plusTard) {
      aCopier = aCopier.concat(controls);
      if (!copieProgrammee) { copieProgrammee = true; whenIdle(copySome); }
    } else {
      controls.forEach(mirror);
    }
    if (NATIVE) { return; }
    var areas = controls.filter(function (c) {
      return c.tagName === "TEXTAREA" && (c.value !== "" || c.style.height !== "");
    });
    areas.forEach(function (a) { a.style.height = "auto"; });
    var heights = areas.map(function (a) { return a.scrollHeight; });
    areas.forEach(function (a, i) { a.style.height = heights[i] + 2 + "px"; });
  }

  function grow(area) { growAll([area]); }

  // ---- Toolbar: progress, status, alert, export, import, clear, print ----

  var outils = null, enregistrementImpossible = false;

  // ``garder``: add the message below the one shown instead of replacing it.
  function alerte(message, garder) {
    var zone = outils.querySelector(".reponses-alerte");
    if (!garder) { zone.textContent = ""; enregistrementImpossible = false; }
    if (message) { zone.appendChild(el("p", {}, message)); }
  }

  function today() {
    var t = new Date();
    return t.getFullYear() + "-" + String(t.getMonth() + 1).padStart(2, "0") + "-" +
      String(t.getDate()).padStart(2, "0");
  }

  function exporter() {
    var data = store.exportData();
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var a = el("a", { href: URL.createObjectURL(blob),
      download: data.referentiel + "-reponses-" + today() + ".json" });
    doc.body.appendChild(a);
    a.click();
    doc.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  function importer(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try { data = JSON.parse(String(reader.result)); } catch (e) {
        alerte("Import impossible : « " + file.name + " » n’est pas un fichier JSON valide. " +
          "Vos réponses n’ont pas changé.");
        return;
      }
      var erreur = store.validate(data);
      if (erreur) { alerte(erreur); return; }
      var avis = store.notice(data);
      if (store.hasAnswers() && !global.confirm("Remplacer toutes vos réponses actuelles par " +
          "celles du fichier « " + file.name + " » ?" + (avis ? "\n\n" + avis : ""))) {
        alerte("Import annulé : vos réponses n’ont pas changé.");
        return;
      }
      alerte("");
      store.replace(data);
      if (avis) { alerte(avis, true); }
    };
    reader.onerror = function () { alerte("Lecture du fichier impossible."); };
    reader.readAsText(file);
  }

  function effacer() {
    if (global.confirm("Effacer toutes vos réponses à ce référentiel dans ce navigateur ? " +
        "Pensez à les exporter d’abord si vous voulez les garder.")) {
      alerte("");
      store.clear();
    }
  }

  // The toolbar is in the page (template macro ``outils``), so that nothing moves when this
  // script starts: wire its buttons.
  function setupToolbar(node) {
    outils = node;
    var fichier = node.querySelector(".reponses-fichier");
    var actions = {
      exporter: exporter,
      importer: function () { fichier.click(); },
      effacer: effacer,
      imprimer: function () { global.print(); }
    };
    node.querySelectorAll(".reponses-boutons button[data-action]").forEach(function (b) {
      b.addEventListener("click", actions[b.getAttribute("data-action")]);
    });
    fichier.addEventListener("change", function () {
      if (fichier.files && fichier.files[0]) { importer(fichier.files[0]); }
      fichier.value = "";
    });
  }

  // A failed save clears the last "Enregistré…", and the next save that works clears the failure.
  function status(kind, message) {
    if (!outils) { return; }
    var statut = outils.querySelector(".reponses-statut");
    if (kind === "ok") {
      statut.textContent = message;
      if (enregistrementImpossible) { alerte(""); }
    } else {
      statut.textContent = "";
      alerte(message);
      enregistrementImpossible = true;
    }
  }

  // ---- Repeated rubriques (emplois, formations): copies keyed id#n ----

  function level(node) {
    var m = node && /^H([1-6])$/.exec(node.tagName);
    return m ? Number(m[1]) : 0;
  }

  // The page renders the sub-rubriques of a repeated rubrique once, after its copy, in a
  // .sous-rubriques block (titled or not, the rubrique's boundary is explicit): move them into
  // the copy and key them like the rest (id#1) so that every added copy carries them too.
  function adoptNested(groupe) {
    var id = groupe.getAttribute("data-rubrique"), node = groupe.nextElementSibling;
    while (node && node.classList.contains("notes")) { node = node.nextElementSibling; }
    if (!node || !node.matches(".sous-rubriques") || node.getAttribute("data-rubrique") !== id) {
      return;
    }
    if (node.querySelector(".exemplaires")) {
      return;  // a repetition inside a repetition is not supported: leave the page as is
    }
    var bloc = node, moved = Array.prototype.slice.call(bloc.children);
    var exemplaire = groupe.querySelector(".exemplaire");
    var libelle = groupe.getAttribute("data-libelle") + " n° 1";
    moved.forEach(function (n) {
      exemplaire.appendChild(n);
      var nodes = [n].concat(Array.prototype.slice.call(n.querySelectorAll("*")));
      nodes.forEach(function (e) {
        if (e.hasAttribute("data-cle") && !/#\d+$/.test(e.getAttribute("data-cle"))) {
          e.setAttribute("data-cle", e.getAttribute("data-cle") + "#1");
        }
        // Copies end in "--n" (never in a YAML ID): copy 1 of "emploi" is not question "emploi-1".
        if (/^(reponse|points-reponse|texte-reponse)-/.test(e.id)) { e.id += "--1"; }
        if (e.htmlFor && /^reponse-/.test(e.htmlFor)) { e.htmlFor += "--1"; }
        if (e.hasAttribute("aria-describedby")) {
          e.setAttribute("aria-describedby", e.getAttribute("aria-describedby").split(" ")
            .map(function (t) { return t + "--1"; }).join(" "));
        }
        if (level(e)) {
          var cache = el("span", { class: "md-visually-hidden" }, " (" + libelle + ")");
          e.insertBefore(cache, e.querySelector(".headerlink"));
        }
      });
      n.querySelectorAll(".question-texte label, label.question-libelle").forEach(function (l) {
        if (l.classList.contains("question-libelle")) {
          l.appendChild(el("span", { class: "md-visually-hidden" }, " (" + libelle + ")"));
        } else {
          l.insertBefore(el("span", { class: "md-visually-hidden" }, libelle + " : "),
            l.firstChild);
        }
      });
    });
    bloc.remove();
  }

  function renumber(copy, n) {
    copy.setAttribute("data-exemplaire", String(n));
    // Anchors (questions, sub-rubrique headings) stay on the first copy only.
    copy.querySelectorAll(".headerlink").forEach(function (e) { e.remove(); });
    copy.querySelectorAll("[id]").forEach(function (e) {
      if (/^(question|section)-/.test(e.id)) { e.removeAttribute("id"); } else {
        e.id = e.id.replace(/--\d+$/, "--" + n);
      }
    });
    copy.querySelectorAll("[for]").forEach(function (e) {
      e.htmlFor = e.htmlFor.replace(/--\d+$/, "--" + n);
    });
    copy.querySelectorAll("[aria-describedby]").forEach(function (e) {
      e.setAttribute("aria-describedby", e.getAttribute("aria-describedby").split(" ")
        .map(function (t) { return t.replace(/--\d+$/, "--" + n); }).join(" "));
    });
    copy.querySelectorAll("[data-cle]").forEach(function (e) {
      e.setAttribute("data-cle", e.getAttribute("data-cle").replace(/#\d+$/, "#" + n));
    });
    copy.querySelectorAll(".exemplaire-titre, .md-visually-hidden").forEach(function (e) {
      e.textContent = e.textContent.replace(/n° \d+/, "n° " + n);
    });
  }

  // Copies of one rubrique shown at most: a stored or imported key "emploi-intitule#1000" must
  // not build a thousand copies. Answers to later copies stay stored, exported, and listed at
  // the end of the page.
  var MAX_EXEMPLAIRES = 50;

  function setupRepetitions(groupe, refresh) {
    adoptNested(groupe);
    var modele = groupe.querySelector(".exemplaire").cloneNode(true);
    var libelle = groupe.getAttribute("data-libelle");
    var bases = Array.prototype.map.call(modele.querySelectorAll(".reponse"), function (c) {
      return c.getAttribute("data-cle").replace(/#\d+$/, "");
    });
    var ajouter = groupe.querySelector(":scope > .exemplaire-ajouter");

    function copies() { return groupe.querySelectorAll(".exemplaire"); }

    function saved() {
      var n = 1, reponses = store.entries("reponses");
      Object.keys(reponses).forEach(function (k) {
        var m = /^(.*)#([1-9][0-9]{0,5})$/.exec(k), i = m ? Number(m[2]) : 0;
        if (m && i <= MAX_EXEMPLAIRES && bases.indexOf(m[1]) >= 0) { n = Math.max(n, i); }
      });
      return n;
    }

    function retirer(k) {
      var n = copies().length, titre = libelle + " n° " + k;
      var rempli = bases.some(function (b) { return store.get("reponses", b + "#" + k); });
      if (rempli && !global.confirm("Retirer « " + titre + " » et ses réponses ?")) { return; }
      bases.forEach(function (b) {
        for (var i = k; i < n; i += 1) {
          store.set("reponses", b + "#" + i, store.get("reponses", b + "#" + (i + 1)) || "");
        }
        store.set("reponses", b + "#" + n, "");
      });
      resize(n - 1);
      refresh("");
      var first = copies()[Math.min(k, n - 1) - 1].querySelector(".reponse");
      if (first) { first.focus(); }
    }

    function resize(count) {
      count = Math.min(MAX_EXEMPLAIRES, Math.max(1, count));
      var list = copies();
      for (var i = list.length; i > count; i -= 1) { list[i - 1].remove(); }
      for (var j = list.length + 1; j <= count; j += 1) {
        var copy = modele.cloneNode(true);
        renumber(copy, j);
        groupe.insertBefore(copy, ajouter);
      }
      copies().forEach(function (copy, index) {
        var old = copy.querySelector(".exemplaire-retirer");
        if (old) { old.remove(); }
        if (count > 1) {
          var b = el("button", { type: "button", class: "md-button exemplaire-retirer" },
            "Retirer " + libelle + " n° " + (index + 1));
          b.addEventListener("click", function () { retirer(index + 1); });
          copy.appendChild(b);
        }
      });
      ajouter.textContent = "Ajouter " + libelle + " n° " + (count + 1);
      ajouter.hidden = count >= MAX_EXEMPLAIRES;
    }

    ajouter.addEventListener("click", function () {
      resize(copies().length + 1);
      refresh("");
      var list = copies();
      list[list.length - 1].querySelector(".reponse").focus();
    });
    // After an import or a clear, show exactly the saved copies; otherwise never drop one.
    return function (kind) {
      resize(kind === "remplacement" ? saved() : Math.max(saved(), copies().length));
    };
  }

  // ---- Answers, ticks, progress, answers to removed questions ----

  function compter(controls, estRempli) {
    var n = 0;
    controls.forEach(function (c) { if (estRempli(c)) { n += 1; } });
    return n;
  }

  // ---- Answers carried over from another version of the referential ----

  var retirees = [];  // [map, key] of carried-over answers to IDs this version no longer has
  var shown = ["Réponses à des questions retirées", []];

  // Every ID of the published version (its JSON export), removed IDs ("retraits") excepted.
  function collectIds(value, ids) {  // ids: a map without prototype
    if (Array.isArray(value)) {
      value.forEach(function (v) { collectIds(v, ids); });
    } else if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) {
        if (k === "id" && typeof value[k] === "string") { ids[value[k]] = true; }
        else if (k !== "retraits") { collectIds(value[k], ids); }
      });
    }
  }

  // How a stored key reads in the list of removed answers (criteria as the site prints them).
  function libelle(map, key) {
    var m = /^(observations|decision):(.*)$/.exec(key), ajout = /^(.*)#(\d+)$/.exec(key);
    if (map === "grilles" && m) {
      return (m[1] === "decision" ? "Décision — " : "Observations — ") + m[2].toUpperCase();
    }
    if ((map === "grilles" || map === "criteres_ajoutes") && ajout) {
      return "Critère ajouté — " + ajout[1].toUpperCase() + ", ligne " + ajout[2];
    }
    return map === "grilles" ? "Critère " + key.toUpperCase() : key;
  }

  function valeur(map, v) {
    if (map === "coches") { return "question cochée"; }
    if (v && typeof v === "object") {
      return String(v.texte || "") + (v.essentiel ? " (critère essentiel)" : "");
    }
    return map === "grilles" ? String(v).replace("non-", "non ") : String(v);
  }

  function carriedOver(node) {
    var reprise = store.reprise();
    if (!reprise) { return; }
    var avis = node.querySelector(".reponses-reprise");
    var texte = "Vos réponses de la version " + reprise.depuis + " ont été reprises.";
    avis.textContent = texte;
    var url = node.getAttribute("data-export");
    if (!url || !global.fetch) { return; }
    // A plain GET of the site's own static file: nothing of the answers is sent.
    global.fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (!data || !data.referentiel) { return; }
      var ids = Object.create(null);
      collectIds(data.referentiel, ids);
      store.maps().forEach(function (m) {
        Object.keys(store.entries(m)).sort().forEach(function (k) {
          if (!ids[k.replace(/^(observations|decision):/, "").replace(/#\d+$/, "")]) {
            retirees.push([m, k]);
          }
        });
      });
      if (retirees.length) {
        avis.textContent = texte + " Celles qui concernent des éléments retirés de la version " +
          reprise.vers + " restent enregistrées : elles sont listées en fin de page.";
      }
      showRetired(shown[0], shown[1]);
    }).catch(function () { /* the answers are carried over all the same */ });
  }

  var MAX_LIGNES = 200;  // lines listed at most; the rest is counted

  function showRetired(title, lignes) {
    shown = [title, lignes];
    var vues = Object.create(null);
    lignes = lignes.slice();
    lignes.forEach(function (l) { vues[l[0] + "\n" + l[1]] = true; });
    retirees.forEach(function (r) {
      var v = store.get(r[0], r[1]);
      var ligne = [libelle(r[0], r[1]), valeur(r[0], v)];
      if (v !== undefined && !vues[ligne[0] + "\n" + ligne[1]]) { lignes.push(ligne); }
    });
    var old = doc.querySelector(".reponses-retirees");
    if (old) { old.remove(); }
    if (!lignes.length) { return; }
    var box = el("section", { class: "reponses-retirees", "aria-labelledby": "reponses-retirees" });
    box.appendChild(el("h2", { id: "reponses-retirees" }, title));
    box.appendChild(el("p", {}, "Ces réponses concernent des éléments qui ne figurent plus sur " +
      "cette page. Elles restent enregistrées et exportées ; recopiez-les si besoin."));
    var dl = el("dl");
    lignes.slice(0, MAX_LIGNES).forEach(function (l) {
      dl.appendChild(el("dt", {}, l[0]));
      dl.appendChild(el("dd", {}, l[1]));
    });
    box.appendChild(dl);
    if (lignes.length > MAX_LIGNES) {
      box.appendChild(el("p", {}, "… et " + (lignes.length - MAX_LIGNES) + " autres réponses, " +
        "enregistrées et exportées elles aussi."));
    }
    var article = doc.querySelector("article") || doc.body;
    article.appendChild(box);
  }

  function setupAnswers() {
    var groupes = Array.prototype.map.call(doc.querySelectorAll(".exemplaires"), function (g) {
      return setupRepetitions(g, refresh);
    });
    var sections = Object.create(null);
    var pageProgress = outils.querySelector(".progression-page");

    function controls() { return Array.prototype.slice.call(doc.querySelectorAll(".reponse[data-cle]")); }
    function coches() { return Array.prototype.slice.call(doc.querySelectorAll(".coche[data-cle]")); }

    // One progress state: a question answered in the dossier (any copy of a repeated rubrique)
    // counts as done on every checklist that lists it, whether or not its box was ticked.
    function answeredIds() {
      var ids = Object.create(null), reponses = store.entries("reponses");
      Object.keys(reponses).forEach(function (k) {
        var v = reponses[k];
        if (typeof v === "string" && v.trim() !== "") { ids[k.replace(/#\d+$/, "")] = true; }
      });
      return ids;
    }

    // The box shows "done"; the note under it says why a box the candidate did not tick is.
    function showTick(c, answered) {
      var k = c.getAttribute("data-cle"), li = c.closest("li");
      c.checked = answered[k] === true || store.get("coches", k) === true;
      var note = li && li.querySelector(".coche-dossier");
      if (answered[k] && !note && li) {
        note = el("span", { class: "coche-dossier", id: "coche-dossier-" + k },
          "Répondue dans le dossier.");
        li.insertBefore(note, li.querySelector("ul"));
        c.setAttribute("aria-describedby", note.id);
      } else if (!answered[k] && note) {
        note.remove();
        c.removeAttribute("aria-describedby");
      }
    }

    function progress() {
      var all = controls(), ticks = coches();
      var filled = function (c) { return c.value.trim() !== ""; };
      var ticked = function (c) { return c.checked; };
      Object.keys(sections).forEach(function (id) {
        var list = all.filter(function (c) { return c.closest(".question").getAttribute("data-section") === id; });
        sections[id].textContent = compter(list, filled) + " / " + list.length + " questions répondues";
      });
      doc.querySelectorAll("ul.checklist").forEach(function (ul) {
        var counter = ul.previousElementSibling;
        if (!counter || !counter.classList.contains("progression-section")) { return; }
        var list = ticks.filter(function (c) { return c.closest("ul.checklist") === ul; });
        counter.textContent = compter(list, ticked) + " / " + list.length + " questions cochées";
      });
      if (!pageProgress) {
        return;  // the grid page: its toolbar has no counter
      } else if (all.length) {
        pageProgress.textContent = compter(all, filled) + " / " + all.length + " questions répondues";
      } else if (ticks.length) {
        pageProgress.textContent = compter(ticks, ticked) + " / " + ticks.length + " questions cochées";
      }
    }

    function refresh(kind) {
      groupes.forEach(function (g) { g(kind); });
      var all = controls(), shownKeys = Object.create(null);
      all.forEach(function (c) {
        var k = c.getAttribute("data-cle"), v = store.get("reponses", k);
        v = typeof v === "string" ? v : "";
        shownKeys[k] = true;
        if (c.value !== v) { c.value = v; }
      });
      growAll(all, true);
      var answered = answeredIds();
      coches().forEach(function (c) { showTick(c, answered); });
      if (outils.getAttribute("data-page") === "dossier") {
        // Answers no field of this page shows: removed questions, copies beyond the maximum.
        var reponses = store.entries("reponses");
        showRetired("Réponses à des questions retirées", Object.keys(reponses).filter(function (k) {
          return !shownKeys[k];
        }).sort().map(function (k) { return [k, valeur("reponses", reponses[k])]; }));
      }
      progress();
    }

    // Per-section counters are in the page where it has several sections or checklists (with
    // one, the page's own counter says the same thing).
    doc.querySelectorAll("p.progression-section[data-section]").forEach(function (p) {
      sections[p.getAttribute("data-section")] = p;
    });
    doc.addEventListener("input", function (event) {
      var t = event.target;
      if (t.matches && t.matches(".reponse[data-cle]")) {
        store.set("reponses", t.getAttribute("data-cle"), t.value);
        grow(t);
        progress();
      }
    });
    doc.addEventListener("change", function (event) {
      var t = event.target;
      if (t.matches && t.matches(".coche[data-cle]")) {
        var unticked = !t.checked, answered = answeredIds();
        store.set("coches", t.getAttribute("data-cle"), t.checked);
        showTick(t, answered);
        var note = t.closest("li").querySelector(".coche-dossier");
        if (unticked && note) {
          note.textContent = "Répondue dans le dossier : pour la décocher, effacez sa réponse " +
            "dans le dossier.";
        }
        progress();
      }
    });
    store.onChange(refresh);
    return refresh;
  }

  // Work that writes into the page runs in a task of its own, after the one that parsed the
  // page and ran Material's start-up (a phone would otherwise block on all of it at once).
  function apart(fn) { global.setTimeout(fn, 0); }

  // Listeners, storage and the repeated rubriques' buttons are set up at once (an answer typed
  // or a button pressed right after loading is never lost: the answers shown next come from
  // the storage it went to); the answers are written into the page in the next task.
  function init() {
    var node = doc.querySelector(".reponses-outils[data-referentiel]");
    if (!node || !store) { return; }
    setupToolbar(node);
    store.onStatus(status);
    store.init(node.getAttribute("data-referentiel"), node.getAttribute("data-version"));
    var refresh = setupAnswers();
    global.addEventListener("beforeprint", function () {
      growAll(Array.prototype.slice.call(doc.querySelectorAll(".reponse, .observations, .ajout-texte")));
    });
    apart(function () {
      refresh();
      carriedOver(node);
      doc.dispatchEvent(new CustomEvent("cqp:reponses-pret"));
    });
  }

  global.cqpReponses = { showRetired: showRetired, grow: grow, growAll: growAll, libelle: libelle,
    valeur: valeur, apart: apart };
  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
})(window);
