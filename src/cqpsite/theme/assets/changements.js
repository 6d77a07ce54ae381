// Answers across versions: each criterion (grid row) and question (dossier) carries the
// fingerprint of its text in every version up to this page's (data-empreintes, built by
// cqpsite.empreintes). Each answer is stored with the fingerprint it was given to (map
// "empreintes" of stockage.js); a row answered on another wording is marked "reformulé depuis
// votre évaluation", an item absent from the version the answers were given on "nouveau", with a
// link to the comparison page. Loaded only for referentials with an earlier version.
(function (global) {
  "use strict";

  var store = global.cqpStockage, doc = global.document;
  var KINDS = [
    // [selector, map of answers, key attribute, reworded, new, keep]
    ["tr[data-critere][data-empreintes]", "grilles", "data-critere",
      "Reformulé depuis votre évaluation", "Nouveau", "Garder mon évaluation"],
    [".question[data-cle][data-empreintes]", "reponses", "data-cle",
      "Reformulée depuis votre réponse", "Nouvelle", "Garder ma réponse"]
  ];
  var started = false;
  // What a version identifier looks like (cqpsite.model.VERSION_PATTERN): anything else read
  // back from storage or an imported file is ignored.
  var VERSION = /^[a-z0-9]+([.-][a-z0-9]+)*$/;

  // "2024:ab12cd34" (or "2022:" when only the version is known) → [version, fingerprint].
  function parse(value) {
    var s = String(value), i = s.lastIndexOf(":"), v = s.slice(0, i);
    return i > 0 && VERSION.test(v) ? [v, s.slice(i + 1)] : null;
  }

  // "2022:ab12cd34 2024:ef567890" → {versions: [...], empreintes: {version: fingerprint}}.
  function history(node) {
    var out = { versions: [], empreintes: Object.create(null) };
    node.getAttribute("data-empreintes").split(" ").forEach(function (e) {
      var i = e.lastIndexOf(":");
      out.versions.push(e.slice(0, i));
      out.empreintes[e.slice(0, i)] = e.slice(i + 1);
    });
    return out;
  }

  // The current version and fingerprint of ``node``: the last entry of its history.
  function current(h) {
    var v = h.versions[h.versions.length - 1];
    return v + ":" + h.empreintes[v];
  }

  function answered(kind, key) {
    if (kind[1] === "grilles") {
      return Boolean(store.get("grilles", key) || store.get("grilles", "observations:" + key));
    }
    return Boolean(store.get("reponses", key));
  }

  // The comparison page of ``version`` (read from storage or an imported file: never put in
  // a selector), or "".
  function comparaison(version) {
    var links = doc.querySelectorAll(".comparaisons-versions a[data-version]");
    for (var i = 0; i < links.length; i += 1) {
      if (links[i].getAttribute("data-version") === version) {
        return links[i].getAttribute("href");
      }
    }
    return "";
  }

  // The latest earlier version some answers of this map were given to, or "".
  function origin(map, version) {
    var best = "", all = store.entries("empreintes");
    Object.keys(all).forEach(function (k) {
      var p = k.indexOf(map + "/") === 0 ? parse(all[k]) : null, v = p ? p[0] : "";
      if (v && store.olderThan(v, version) && (!best || store.olderThan(best, v))) { best = v; }
    });
    return best;
  }

  function el(name, attrs, text) {
    var node = doc.createElement(name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function mark(node, kind, texte, version, ancre, cle) {
    var p = el("p", { class: "marque-version" });
    p.appendChild(el("strong", {}, texte));
    var href = comparaison(version);
    if (href) {
      p.appendChild(doc.createTextNode(" "));
      p.appendChild(el("a", { href: href + "#" + ancre }, "voir les changements"));
    }
    if (cle) {
      var b = el("button", { type: "button", class: "md-button marque-garder",
        "data-cle": cle }, kind[5]);
      var code = node.querySelector("th a, .question-texte");
      if (code) {
        b.appendChild(el("span", { class: "md-visually-hidden" },
          " : " + code.textContent.trim().slice(0, 80)));
      }
      p.appendChild(doc.createTextNode(" "));
      p.appendChild(b);
    }
    var place = node.matches("tr") ? node.querySelector("th") : node;
    place.insertBefore(p, node.matches("tr") ? null : place.firstChild);
  }

  function refresh() {
    doc.querySelectorAll(".marque-version").forEach(function (p) { p.remove(); });
    KINDS.forEach(function (kind) {
      var nodes = doc.querySelectorAll(kind[0]);
      if (!nodes.length) { return; }
      var version = history(nodes[0]).versions.slice(-1)[0];
      var depuis = origin(kind[1], version);
      nodes.forEach(function (node) {
        var key = node.getAttribute(kind[2]), h = history(node);
        var ident = key.replace(/#\d+$/, "");
        var stored = parse(store.get("empreintes", kind[1] + "/" + key) || "");
        if (answered(kind, key)) {
          if (!stored) { return; }  // saved on this version before fingerprints were kept
          var v = stored[0], e = stored[1] || h.empreintes[v];
          if (e && e !== h.empreintes[version]) {
            var suffixe = v !== version ? " (version " + v + ")" : "";
            mark(node, kind, kind[3] + suffixe, v, "reformulation-" + ident,
              kind[1] + "/" + key);
          }
        } else if (depuis && !(depuis in h.empreintes)) {
          mark(node, kind, kind[4] + " depuis la version " + depuis, depuis, "ajout-" + ident, "");
        }
      });
    });
  }

  // Records the wording an answer is given to; true when that changed anything.
  function stamp(kind, node) {
    var key = kind[1] + "/" + node.getAttribute(kind[2]), value = current(history(node));
    if (store.get("empreintes", key) === value) { return false; }
    store.set("empreintes", key, value);
    return true;
  }

  function onEdit(event) {
    var t = event.target;
    if (!t.closest) { return; }
    var changed = false;
    KINDS.forEach(function (kind) {
      var node = t.closest(kind[0]);
      if (node && !t.closest(".marque-version") && t.matches("input, textarea")) {
        changed = stamp(kind, node) || changed;  // typing in a field stamps once, not per key
      }
    });
    if (changed) { refresh(); }
  }

  function onKeep(event) {
    var b = event.target.closest && event.target.closest(".marque-garder");
    if (!b) { return; }
    var node = b.closest("tr[data-critere], .question[data-cle]");
    var kind = KINDS.filter(function (k) { return node.matches(k[0]); })[0];
    // Focus would be lost with the removed mark: put it on the item's first field.
    var field = node.querySelector("input, textarea");
    stamp(kind, node);
    refresh();
    if (field) { field.focus(); }
  }

  function init() {
    if (started || !store || !doc.querySelector("[data-empreintes]")) { return; }
    try { store.entries("empreintes"); } catch (e) { return; }  // storage not set up yet
    started = true;
    doc.addEventListener("input", onEdit);
    doc.addEventListener("change", onEdit);
    doc.addEventListener("click", onKeep);
    store.onChange(refresh);
    // Copies of a repeated rubrique are added by reponses.js: mark them too.
    doc.querySelectorAll(".exemplaires").forEach(function (g) {
      new MutationObserver(refresh).observe(g, { childList: true });
    });
    refresh();
  }

  doc.addEventListener("cqp:reponses-pret", init);
  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
})(window);
