// Answers kept in this browser only (localStorage), never sent anywhere. One key per
// referential and version; every answer carries its own date so two tabs merge answer by answer
// and a newer answer is never overwritten by an older one.
(function (global) {
  "use strict";

  var MAPS = ["reponses", "grilles", "criteres_ajoutes", "coches"];
  var state = null, storageKey = "", listeners = [], statusListeners = [], last = 0;
  var reprise = null;

  function now() { last = Math.max(Date.now(), last + 1); return last; }

  function empty(id, version) {
    var s = { format: 1, referentiel: id, version: version, modifie: "", dates: {}, efface: 0 };
    MAPS.forEach(function (m) { s[m] = {}; });
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
      return data && data.format === 1 ? data : null;
    } catch (e) { return null; }
  }

  // Merge ``other`` into ``state`` answer by answer; returns true when ``state`` has answers
  // newer than ``other`` (so storage should be rewritten).
  function merge(other) {
    var mineNewer = false;
    var efface = Math.max(state.efface || 0, other.efface || 0);
    var dates = other.dates || {};
    MAPS.forEach(function (m) {
      var theirs = other[m] || {}, mine = state[m];
      var keys = {};
      Object.keys(theirs).concat(Object.keys(mine)).forEach(function (k) { keys[k] = true; });
      Object.keys(state.dates).concat(Object.keys(dates)).forEach(function (d) {
        if (d.indexOf(m + "/") === 0) { keys[d.slice(m.length + 1)] = true; }
      });
      Object.keys(keys).forEach(function (k) {
        var d = m + "/" + k, a = state.dates[d] || 0, b = dates[d] || 0;
        if (b > a) {
          if (k in theirs) { mine[k] = theirs[k]; } else { delete mine[k]; }
          state.dates[d] = b;
        } else if (a > b) {
          mineNewer = true;
        }
        if ((state.dates[d] || 0) <= efface) { delete mine[k]; delete state.dates[d]; }
      });
    });
    state.efface = efface;
    return mineNewer;
  }

  function write() {
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

  function filled(data) {
    return !!data && MAPS.some(function (m) {
      return data[m] && typeof data[m] === "object" && Object.keys(data[m]).length > 0;
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
    state.efface = old.efface || 0;
    MAPS.forEach(function (m) {
      Object.keys(old[m] || {}).forEach(function (k) {
        var d = (old.dates || {})[m + "/" + k] || now();
        if (!isEmptyValue(old[m][k])) { state[m][k] = old[m][k]; state.dates[m + "/" + k] = d; }
      });
    });
    reprise = { depuis: String(old.version || ""), vers: version };
    write();
  }

  function init(id, version) {
    storageKey = "cqpsite:" + id + ":" + version;
    state = empty(id, version);
    reprise = null;
    try {
      var stored = read();
      if (stored) { merge(stored); } else { carryOver(id, version); }
      global.addEventListener("storage", function (event) {
        if (event.key !== storageKey) { return; }
        var other = null;
        try { other = JSON.parse(event.newValue || "null"); } catch (e) { other = null; }
        if (!other) { return; }
        if (merge(other)) { write(); }
        changed("fusion");
      });
    } catch (e) {
      notify("erreur", "Ce navigateur n’autorise pas l’enregistrement local : vos réponses " +
        "seront perdues à la fermeture de la page. Exportez-les pour les garder.");
    }
  }

  function get(map, key) { return state[map][key]; }

  function set(map, key, value) {
    var current = state[map][key];
    if (JSON.stringify(current) === JSON.stringify(value) ||
        (isEmptyValue(value) && current === undefined)) { return; }
    if (isEmptyValue(value)) { delete state[map][key]; } else { state[map][key] = value; }
    state.dates[map + "/" + key] = now();
    write();
  }

  function entries(map) { return state[map]; }

  function hasAnswers() {
    return MAPS.some(function (m) { return Object.keys(state[m]).length > 0; });
  }

  function exportData() {
    var data = { format: 1, referentiel: state.referentiel, version: state.version,
      modifie: state.modifie || new Date().toISOString() };
    MAPS.forEach(function (m) { data[m] = state[m]; });
    return data;
  }

  // Returns an error message (French), or "" when ``data`` can replace the current answers.
  function validate(data) {
    if (!data || typeof data !== "object" || data.format !== 1 ||
        MAPS.some(function (m) { return data[m] !== undefined && typeof data[m] !== "object"; })) {
      return "Import impossible : ce fichier n’est pas un export de réponses de ce site " +
        "(format 1 attendu). Vos réponses n’ont pas changé.";
    }
    if (data.referentiel !== state.referentiel) {
      return "Import impossible : ce fichier contient les réponses du référentiel « " +
        String(data.referentiel) + " », pas celles de « " + state.referentiel +
        " ». Vos réponses n’ont pas changé.";
    }
    return "";
  }

  function replace(data) {
    var t = now(), fresh = empty(state.referentiel, state.version);
    fresh.efface = t;
    MAPS.forEach(function (m) {
      Object.keys(data[m] || {}).forEach(function (k) {
        if (!isEmptyValue(data[m][k])) { fresh[m][k] = data[m][k]; fresh.dates[m + "/" + k] = t + 1; }
      });
    });
    last = t + 1;
    state = fresh;
    var ok = write();
    changed("remplacement");
    return ok;
  }

  function clear() { return replace({}); }

  global.cqpStockage = {
    init: init, get: get, set: set, entries: entries, hasAnswers: hasAnswers,
    maps: function () { return MAPS.slice(); },
    // {depuis, vers} when this page load carried answers over from another version, else null.
    reprise: function () { return reprise; },
    exportData: exportData, validate: validate, replace: replace, clear: clear,
    olderThan: olderThan,
    onChange: function (fn) { listeners.push(fn); },
    onStatus: function (fn) { statusListeners.push(fn); }
  };
})(window);
