// The certification rules, mirroring src/cqpsite/evaluation.py word for word (same table of
// cases: tests/cases/regles.json). Pure functions, no DOM. No verdict before every criterion
// (or unit) is evaluated: an incomplete grid is neutral.
(function (global) {
  "use strict";

  var NOMS = {
    bloc: ["bloc", "acquis", "non acquis"],
    capacite: ["capacité", "acquise", "non acquise"]
  };
  var MOTS = {
    bloc: ["blocs obligatoires", "acquis", "tous requis", "évalués", "tous"],
    capacite: ["capacités", "acquises", "toutes requises", "évaluées", "toutes"]
  };

  function known(v) { return v !== null && v !== undefined; }

  // The criteria typed on the blank rows of an unpublished bloc, from [texte, essentiel,
  // acquis] rows: a row counts once anything is entered on it (a tick without text is an
  // evaluated criterion still to be named, never ignored); an untouched row does not count.
  function criteresSaisis(lignes) {
    return lignes.filter(function (l) { return l[0].trim() || l[1] || known(l[2]); })
      .map(function (l) { return [l[1], known(l[2]) ? l[2] : null]; });
  }

  // regle: {type, seuil, essentiels}; criteres: [[essentiel, acquis], ...], acquis null for a
  // criterion not evaluated yet.
  function evaluerUnite(regle, criteres, unite) {
    unite = unite || "bloc";
    var total = criteres.length, evalues = 0, acquis = 0, essentiels = 0, essentielsAcquis = 0;
    criteres.forEach(function (c) {
      if (known(c[1])) { evalues += 1; }
      if (c[1] === true) { acquis += 1; }
      if (c[0]) { essentiels += 1; }
      if (c[0] && c[1] === true) { essentielsAcquis += 1; }
    });
    var compte = evalues + " / " + total + " critères évalués (" + acquis + " acquis, " +
      (evalues - acquis) + " non acquis)";
    if (regle.type === "decision" || !known(regle.seuil)) {
      return { acquis: null, explication: compte + " ; la commission d’évaluation décide" };
    }
    if (total === 0) {
      return { acquis: null, explication: "aucun critère saisi : pas encore de résultat" };
    }
    if (evalues < total) {
      return { acquis: null, explication: compte + " : résultat quand tous le seront" };
    }
    // Integer arithmetic: 79.99 % must never pass an 80 % threshold through rounding.
    var seuilOk = acquis * 100 >= regle.seuil * total;
    var essentielsOk = !regle.essentiels || essentielsAcquis === essentiels;
    var texte = acquis + " / " + total + " critères acquis (" + Math.floor(acquis * 100 / total) +
      " %, seuil " + regle.seuil + " %)";
    if (regle.essentiels) {
      texte += " ; critères essentiels : " + essentielsAcquis + " / " + essentiels;
    }
    var ok = seuilOk && essentielsOk;
    var n = NOMS[unite];
    return { acquis: ok, explication: texte + " → " + n[0] + " " + (ok ? n[1] : n[2]) };
  }

  // regle: {acquis, non_acquis}; unites: [[optionnel, acquis], ...], acquis null for a unit
  // without a result yet.
  function evaluerCertification(regle, unites, unite) {
    unite = unite || "bloc";
    var obligatoires = unites.filter(function (u) { return !u[0]; });
    var m = MOTS[unite];
    var connues = obligatoires.filter(function (u) { return known(u[1]); }).length;
    if (connues < obligatoires.length) {
      return { acquis: null, explication: connues + " / " + obligatoires.length + " " + m[0] +
        " " + m[3] + " : résultat quand " + m[4] + " le seront" };
    }
    var acquises = obligatoires.filter(function (u) { return u[1] === true; }).length;
    var ok = acquises === obligatoires.length;
    var verdict = ok ? regle.acquis : regle.non_acquis;
    return {
      acquis: ok,
      explication: acquises + " / " + obligatoires.length + " " + m[0] + " " + m[1] + " → " +
        verdict + " (" + m[2] + ")"
    };
  }

  global.cqpRegles = { evaluerUnite: evaluerUnite, evaluerCertification: evaluerCertification,
    criteresSaisis: criteresSaisis };
})(window);
