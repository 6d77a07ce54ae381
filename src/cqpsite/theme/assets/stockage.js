// Answers kept in this browser only (localStorage), never sent anywhere. One key per
// referential and version; every answer carries its own date so two tabs merge answer by answer
// and a newer answer is never overwritten by an older one. Nothing read back (storage, another
// tab, an imported file) is trusted: maps have no prototype and are read by own property only,
// values are typed, and dates from the future (a clock that was ahead) are brought back.
(function (global) {
  "use strict";

  // "empreintes": "<map>/<key>" → "<version>:<fingerprint>" of the text an answer was given to
  // (changements.js); "<version>:" when only the version is known (answers carried over from
  // a state saved before fingerprints were kept).
  var MAPS = ["reponses", "grilles", "criteres_ajoutes", "coches", "empreintes"];
  var ANSWERS = MAPS.slice(0, 4);
  var MAX_ENTREES = 20000;  // answers per imported file: a full dossier has a few hundred
  // A keystroke only changes the page's copy; storage is written once typing pauses (each write
  // reads, merges and serialises the whole state: 0.4 s at 20,000 answers), and at once when the
  // page is hidden or left. Export, downloads and print read the page's copy, never storage.
  var PAUSE = 300;         // ms
  var AVANCE = 2000;        // ms a date may lie ahead of this clock before it counts as skewed
  var state = null, storageKey = "", listeners = [], statusListeners = [], last = 0;
  var reprise = null, horizon = 0, skewed = false, pending = 0;

  function dict() { return Object.create(null); }

  function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function has(o, k) { return isMap(o) && Object.prototype.hasOwnProperty.call(o, k); }

  function own(o, k) { return has(o, k) ? o[k] : undefined; }

  // A value of the type ``map`` holds (what this site writes), else false.
  function valid(map, v) {
    if (map === "coches") { return typeof v === "boolean"; }
    if (map === "criteres_ajoutes") {
      return isMap(v) && Object.keys(v).every(function (k) {
        return (k === "texte" && typeof v[k] === "string") ||
          (k === "essentiel" && typeof v[k] === "boolean");
      });
    }
    return typeof v === "string";
  }

  // Dates go forward even when the clock went back (``last`` from before is then forgotten).
  function now() {
    var t = Date.now();
    last = last > t + AVANCE ? t : Math.max(t, last + 1);
    return last;
  }

  // A date read back: a number, and one from the future (written while the clock was ahead)
  // counts as older than anything written on this page since it opened, so that no answer
  // given now loses against it; ``before`` puts a clearing just ahead of such answers.
  function stamp(value, before) {
    var n = typeof value === "number" && isFinite(value) && value > 0 ? value : 0;
    if (n > Date.now() + AVANCE) {
      skewed = true;
      return Math.min(horizon, Date.now() - 1) - before;
    }
    return n;
  }

  function empty(id, version) {
    var s = { format: 1, referentiel: id, version: version, modifie: "", dates: dict(), efface: 0 };
    MAPS.forEach(function (m) { s[m] = dict(); });
    return s;
  }

  function isEmptyValue(v) { return v === "" || v === false || v === null || v === undefined; }

  function notify(kind, message) {
    statusListeners.forEach(function (fn) { fn(kind, message); });
  }

  // kind: "fusion" (another tab) or "remplacement" (import, clear).
  function changed(kind) { listeners.forEach(function (fn) { fn(kind); }); }

  function read() {
    var raw = global.localStorage.getItem(storageKey);
    if (!raw) { return null; }
    try {
      var data = JSON.parse(raw);
      return isMap(data) && data.format === 1 ? data : null;
    } catch (e) { return null; }
  }

  // Merge ``other`` into ``state`` answer by answer; returns true when ``state`` has answers
  // newer than ``other`` (so storage should be rewritten).
  function merge(other) {
    var mineNewer = false;
    var efface = Math.max(state.efface || 0, stamp(own(other, "efface"), 1));
    var dates = isMap(own(other, "dates")) ? other.dates : {};
    MAPS.forEach(function (m) {
      var theirs = isMap(own(other, m)) ? other[m] : {}, mine = state[m];
      var keys = dict();
      Object.keys(theirs).concat(Object.keys(mine)).forEach(function (k) { keys[k] = true; });
      Object.keys(state.dates).concat(Object.keys(dates)).forEach(function (d) {
        if (d.indexOf(m + "/") === 0) { keys[d.slice(m.length + 1)] = true; }
      });
      Object.keys(keys).forEach(function (k) {
        var d = m + "/" + k, a = own(state.dates, d) || 0, b = stamp(own(dates, d), 0);
        if (b > a && (!has(theirs, k) || valid(m, theirs[k]))) {
          if (has(theirs, k)) { mine[k] = theirs[k]; } else { delete mine[k]; }
          state.dates[d] = b;
        } else if (a > b) {
          mineNewer = true;
        }
        if ((own(state.dates, d) || 0) <= efface) { delete mine[k]; delete state.dates[d]; }
      });
    });
    state.efface = efface;
    return mineNewer;
  }

  function write() {
    if (pending) { global.clearTimeout(pending); pending = 0; }
    state.modifie = new Date().toISOString();
    try {
      var stored = read();
      if (stored) { merge(stored); }
      global.localStorage.setItem(storageKey, JSON.stringify(state));
      var t = new Date(), hh = String(t.getHours()).padStart(2, "0");
      notify("ok", "Enregistré dans ce navigateur à " + hh + ":" +
        String(t.getMinutes()).padStart(2, "0"));
      return true;
    } catch (e) {
      notify("erreur", "Enregistrement impossible dans ce navigateur (stockage plein ou " +
        "désactivé). Vos réponses restent dans cette page tant qu’elle est ouverte : " +
        "exportez-les pour ne rien perdre.");
      return false;
    }
  }

  // Writes what ``set`` left pending; true when nothing is left unwritten.
  function flush() { return pending ? write() : true; }

  function schedule() {
    if (pending) { global.clearTimeout(pending); }
    pending = global.setTimeout(write, PAUSE);
  }

  function filled(data) {
    return isMap(data) && ANSWERS.some(function (m) {
      return isMap(own(data, m)) && Object.keys(data[m]).length > 0;
    });
  }

  // Natural order of version identifiers, as cqpsite.versions.version_key: "2" < "10",
  // "2024" < "2024.1".
  function versionKey(v) {
    return String(v).split(/[.-]/).map(function (p) {
      return /^[0-9]+$/.test(p) ? [Number(p), ""] : [-1, p];
    });
  }

  function olderThan(a, b) {
    var ka = versionKey(a), kb = versionKey(b);
    for (var i = 0; i < Math.min(ka.length, kb.length); i += 1) {
      if (ka[i][0] !== kb[i][0]) { return ka[i][0] < kb[i][0]; }
      if (ka[i][1] !== kb[i][1]) { return ka[i][1] < kb[i][1]; }
    }
    return ka.length < kb.length;
  }

  // The most recently modified state with answers saved for an earlier version of the same
  // referential (a page of an archived version never takes answers given to a later one).
  function otherVersion(id, version) {
    var prefix = "cqpsite:" + id + ":", best = null;
    for (var i = 0; i < global.localStorage.length; i += 1) {
      var key = global.localStorage.key(i);
      if (key && key !== storageKey && key.indexOf(prefix) === 0) {
        var data = null;
        try { data = JSON.parse(global.localStorage.getItem(key)); } catch (e) { data = null; }
        if (filled(data) && data.format === 1 && data.referentiel === id &&
            olderThan(data.version, version) &&
            (!best || String(data.modifie || "") > String(best.modifie || ""))) { best = data; }
      }
    }
    return best;
  }

  // A new version of the referential starts from a copy of the answers given to another one
  // (the old state stays where it is). Answers to IDs that no longer exist are copied too:
  // the page lists them as answers to removed questions, and they are exported with the rest.
  function carryOver(id, version) {
    var old = otherVersion(id, version);
    if (!old) { return; }
    state.efface = stamp(own(old, "efface"), 1);
    MAPS.forEach(function (m) {
      var map = isMap(own(old, m)) ? old[m] : {};
      Object.keys(map).forEach(function (k) {
        var d = stamp(own(old.dates, m + "/" + k), 0) || now();
        if (!isEmptyValue(map[k]) && valid(m, map[k]) && d > state.efface) {
          state[m][k] = map[k];
          state.dates[m + "/" + k] = d;
        }
      });
    });
    stampVersion(String(old.version || ""));
    reprise = { depuis: String(old.version || ""), vers: version };
    write();
  }

  // Answers without a fingerprint, taken from another version: given to that version's text.
  function stampVersion(version) {
    if (!version || version === state.version) { return; }
    ["reponses", "grilles"].forEach(function (m) {
      Object.keys(state[m]).forEach(function (k) {
        var cle = m + "/" + k.replace(/^observations:/, "");
        if (k.indexOf("decision:") !== 0 && !own(state.empreintes, cle)) {
          state.empreintes[cle] = version + ":";
          state.dates["empreintes/" + cle] = state.dates[m + "/" + k] || now();
        }
      });
    });
  }

  function init(id, version) {
    storageKey = "cqpsite:" + id + ":" + version;
    state = empty(id, version);
    reprise = null;
    horizon = Date.now();
    skewed = false;
    try {
      var stored = read();
      if (stored) { merge(stored); } else { carryOver(id, version); }
      // Dates from the future are rewritten at once, as they were understood.
      if (skewed) { skewed = false; write(); }
      global.addEventListener("pagehide", flush);
      global.document.addEventListener("visibilitychange", function () {
        if (global.document.visibilityState === "hidden") { flush(); }
      });
      global.addEventListener("storage", function (event) {
        if (event.key !== storageKey) { return; }
        var other = null;
        try { other = JSON.parse(event.newValue || "null"); } catch (e) { other = null; }
        if (!isMap(other)) { return; }
        if (merge(other) || skewed) { skewed = false; write(); }
        changed("fusion");
      });
    } catch (e) {
      notify("erreur", "Ce navigateur n’autorise pas l’enregistrement local : vos réponses " +
        "seront perdues à la fermeture de la page. Exportez-les pour les garder.");
    }
  }

  function get(map, key) { return state[map][key]; }  // maps without prototype

  function set(map, key, value) {
    var current = state[map][key];
    if (JSON.stringify(current) === JSON.stringify(value) ||
        (isEmptyValue(value) && current === undefined)) { return; }
    if (isEmptyValue(value)) { delete state[map][key]; } else { state[map][key] = value; }
    state.dates[map + "/" + key] = now();
    schedule();
  }

  function entries(map) { return state[map]; }

  function hasAnswers() {
    return ANSWERS.some(function (m) { return Object.keys(state[m]).length > 0; });
  }

  function exportData() {
    var data = { format: 1, referentiel: state.referentiel, version: state.version,
      modifie: state.modifie || new Date().toISOString() };
    MAPS.forEach(function (m) { data[m] = state[m]; });
    return data;
  }

  var TYPES = { reponses: "du texte", grilles: "du texte", coches: "vrai ou faux (true, false)",
    empreintes: "du texte",
    criteres_ajoutes: "un objet {\"texte\": texte, \"essentiel\": vrai ou faux}" };

  function cite(value) {
    var s = String(value);
    return "« " + (s.length > 60 ? s.slice(0, 60) + "…" : s) + " »";
  }

  function kind(v) {
    return v === null ? "null" : Array.isArray(v) ? "une liste" : isMap(v) ? "un objet" :
      typeof v === "string" ? "du texte" : typeof v === "number" ? "un nombre" :
      typeof v === "boolean" ? "vrai ou faux" : typeof v;
  }

  // Returns an error message (French), or "" when ``data`` can replace the current answers.
  function validate(data) {
    var garde = " Vos réponses n’ont pas changé.";
    if (!isMap(data) || own(data, "format") !== 1) {
      return "Import impossible : ce fichier n’est pas un export de réponses de ce site " +
        "(format 1 attendu)." + garde;
    }
    if (own(data, "referentiel") !== state.referentiel) {
      return "Import impossible : ce fichier contient les réponses du référentiel " +
        cite(own(data, "referentiel")) + ", pas celles de « " + state.referentiel + " »." + garde;
    }
    var version = own(data, "version");
    if (version !== undefined && typeof version !== "string") {
      return "Import impossible : « version » doit être du texte, pas " + kind(version) + "." +
        garde;
    }
    var total = 0, erreur = "";
    MAPS.some(function (m) {
      var map = own(data, m);
      if (map === undefined) { return false; }
      if (!isMap(map)) {
        erreur = "Import impossible : « " + m + " » doit être un objet JSON (clé : réponse), " +
          "pas " + kind(map) + ".";
        return true;
      }
      var keys = Object.keys(map);
      total += keys.length;
      if (total > MAX_ENTREES) {
        erreur = "Import impossible : ce fichier contient plus de " + MAX_ENTREES +
          " réponses, bien plus qu’un dossier n’en demande.";
        return true;
      }
      return keys.some(function (k) {
        if (valid(m, map[k])) { return false; }
        erreur = "Import impossible : la réponse " + cite(k) + " de « " + m + " » doit être " +
          TYPES[m] + ", pas " + kind(map[k]) + ".";
        return true;
      });
    });
    return erreur ? erreur + garde : "";
  }

  // A warning (French) when ``data`` was exported from another version of the referential.
  function notice(data) {
    var version = own(data, "version");
    if (typeof version !== "string" || version === state.version) { return ""; }
    return "Ce fichier contient des réponses à la version « " + version + " » du référentiel ; " +
      "cette page présente la version « " + state.version + " ». Vérifiez vos réponses : des " +
      "questions ont pu changer, et celles qui n’existent plus sont listées en fin de page.";
  }

  function replace(data) {
    var t = now(), fresh = empty(state.referentiel, state.version);
    fresh.efface = t;
    MAPS.forEach(function (m) {
      var map = isMap(own(data, m)) ? data[m] : {};
      Object.keys(map).forEach(function (k) {
        if (!isEmptyValue(map[k]) && valid(m, map[k])) {
          fresh[m][k] = map[k];
          fresh.dates[m + "/" + k] = t + 1;
        }
      });
    });
    last = t + 1;
    state = fresh;
    if (typeof own(data, "version") === "string") { stampVersion(data.version); }
    var ok = write();
    changed("remplacement");
    return ok;
  }

  function clear() { return replace({}); }

  global.cqpStockage = {
    init: init, get: get, set: set, flush: flush, entries: entries, hasAnswers: hasAnswers,
    maps: function () { return ANSWERS.slice(); },  // the maps of answers (not fingerprints)
    // {depuis, vers} when this page load carried answers over from another version, else null.
    reprise: function () { return reprise; },
    exportData: exportData, validate: validate, notice: notice, replace: replace, clear: clear,
    olderThan: olderThan,
    onChange: function (fn) { listeners.push(fn); },
    onStatus: function (fn) { statusListeners.push(fn); }
  };
})(window);
