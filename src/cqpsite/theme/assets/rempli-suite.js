// PDF answers that do not fit their box: the part that fits stays, cut at a word, ending with
// "(suite page P, renvoi R)", and the rest goes to the "Suite des réponses" boxes at the end of
// the PDF (documents/suites.py), opened by "Renvoi R — suite de « question » (page p) :".
// The fit is estimated from DejaVu Sans' own advance widths (the fields' font) with margins
// that every reader's layout stays inside. ``rassembler`` puts the parts back together on
// import. Loaded by dossier-rempli.js with pdf-lib, only when a PDF is filled or read.
(function (global) {
  "use strict";

  // Advance widths of DejaVu Sans (units per em: 2048) for U+0020 to U+017F, then a few
  // punctuation marks; anything else counts as the widest glyph of the fields' font.
  // tests/test_rempli_suite.py checks them against the font file.
  var PREMIER = 0x20;
  var LARGEURS = "651,821,942,1716,1303,1946,1597,563,799,799,1024,1716,651,739,651,690,"
    + "1303,1303,1303,1303,1303,1303,1303,1303,1303,1303,690,690,1716,1716,1716,1087,"
    + "2048,1401,1405,1430,1577,1294,1178,1587,1540,604,604,1343,1141,1767,1532,1612,"
    + "1235,1612,1423,1300,1251,1499,1401,2025,1403,1251,1403,799,690,799,1716,1024,"
    + "1024,1255,1300,1126,1300,1260,721,1300,1298,569,569,1186,569,1995,1298,1253,"
    + "1300,1300,842,1067,803,1298,1212,1675,1212,1212,1075,1303,690,1303,1716,3554,"
    + "3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,"
    + "3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,3554,"
    + "651,821,1303,1303,1303,1303,690,1024,1024,2048,965,1253,1716,739,2048,1024,"
    + "1024,1716,821,821,1024,1303,1303,651,1024,821,965,1253,1985,1985,1985,1087,"
    + "1401,1401,1401,1401,1401,1401,1995,1430,1294,1294,1294,1294,604,604,604,604,"
    + "1587,1532,1612,1612,1612,1612,1612,1716,1612,1499,1499,1499,1499,1251,1239,1290,"
    + "1255,1255,1255,1255,1255,1255,2011,1126,1260,1260,1260,1260,569,569,569,569,"
    + "1253,1298,1253,1253,1253,1253,1253,1716,1253,1298,1298,1298,1298,1212,1300,1212,"
    + "1401,1255,1401,1255,1401,1255,1430,1126,1430,1126,1430,1126,1430,1126,1577,1300,"
    + "1587,1300,1294,1260,1294,1260,1294,1260,1294,1260,1294,1260,1587,1300,1587,1300,"
    + "1587,1300,1587,1300,1540,1298,1876,1423,604,569,604,569,604,569,604,569,"
    + "604,569,1208,1138,604,569,1343,1186,1186,1141,569,1141,569,1141,768,1141,"
    + "700,1151,582,1532,1298,1532,1298,1532,1298,1666,1532,1298,1612,1253,1612,1253,"
    + "1612,1253,2191,2095,1423,842,1423,842,1423,842,1300,1067,1300,1067,1300,1067,"
    + "1300,1067,1251,803,1251,803,1251,803,1499,1298,1499,1298,1499,1298,1499,1298,"
    + "1499,1298,1499,1298,2025,1675,1251,1212,1251,1403,1075,1403,1075,1403,1075,721";
  var AUTRES = {
    "‐": 739, "‑": 739, "‒": 1303, "–": 1024, "—": 2048, "―": 2048, "‘": 651, "’": 651,
    "‚": 651, "“": 1061, "”": 1061, "„": 1061, "†": 1024, "‡": 1024, "•": 1208,
    "…": 2048, "‰": 2748, "‹": 819, "›": 819, "€": 1303, "−": 1716
  };
  var PLUS_LARGE = 3554;
  var EM = 2048;
  var TAILLE = 10;  // points: the size the fields of the blank PDF are drawn at
  // Margins that hold for poppler, PDFium, pdf.js and Acrobat: text inset from the box, line
  // height, widths a little wider than the font's, and one line kept free.
  var MARGE = 4, INTERLIGNE = 1.25, ELARGI = 1.04, LIGNE_LIBRE = 1;
  var widths = LARGEURS.split(",").map(Number);

  function largeur(text) {
    var total = 0;
    for (var i = 0; i < text.length; i += 1) {
      var code = text.charCodeAt(i), k = code - PREMIER;
      total += k >= 0 && k < widths.length ? widths[k] :
        AUTRES[text.charAt(i)] || Number(PLUS_LARGE);
    }
    return total * TAILLE * ELARGI / EM;
  }

  // Lines the text takes in a box ``utile`` points wide: words wrap, a word wider than a line
  // is broken, every "\n" starts a line.
  function lignes(text, utile) {
    var n = 0;
    text.split("\n").forEach(function (para) {
      var x = 0;
      n += 1;
      (para.match(/\s*\S+|\s+$/g) || []).forEach(function (token) {
        var mot = token.replace(/^\s+/, ""), w = largeur(token);
        if (x > 0 && x + w > utile) { n += 1; x = 0; w = largeur(mot); }
        while (w > utile && mot.length > 1) {  // a word longer than the line
          var k = mot.length;
          while (k > 1 && largeur(mot.slice(0, k)) > utile) { k -= 1; }
          n += 1;
          mot = mot.slice(k);
          w = largeur(mot);
        }
        x += w;
      });
    });
    return n;
  }

  function boite(rect) {  // {utile: width for text, lignes: how many lines fit}
    var hauteur = rect.height - 2 * MARGE;
    return { utile: rect.width - 2 * MARGE,
      lignes: Math.max(0, Math.floor(hauteur / (TAILLE * INTERLIGNE)) - LIGNE_LIBRE) };
  }

  function tient(text, b) { return lignes(text, b.utile) <= b.lignes; }

  // The longest start of ``text`` that fits in ``b`` once ``avant`` (already in the box) and
  // ``fin`` (the mark) are added, cut where a word starts (or anywhere when one word is wider
  // than the box): its length, 0 when nothing fits.
  function coupe(avant, text, fin, b) {
    var starts = [];
    for (var i = 1; i < text.length; i += 1) {
      if (/\s/.test(text.charAt(i - 1)) && !/\s/.test(text.charAt(i))) { starts.push(i); }
    }
    function ok(k) { return tient(avant + text.slice(0, k) + fin, b); }
    var lo = 0, hi = starts.length - 1, best = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (ok(starts[mid])) { best = starts[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (!best) {  // not even one word: cut inside it
      var k = 0;
      while (k < text.length && ok(k + 1)) { k += 1; }
      best = k;
    }
    return best;
  }

  function marque(page, renvoi) { return "(suite page " + page + ", renvoi " + renvoi + ")"; }

  function entete(renvoi, nom, page) {
    var court = nom.length > 60 ? nom.slice(0, 59).replace(/\s+\S*$/, "") + "…" : nom;
    return "Renvoi " + renvoi + " — suite de «\u00a0" + court + "\u00a0» (page " + page +
      ")\u00a0:\n";
  }

  // Place ``reste`` (the rest of renvoi ``renvoi``) in the boxes from ``cadres[i]`` on; the
  // boxes' texts are in ``textes``. Returns the new texts, or null when the boxes run out.
  function placer(reste, renvoi, nom, page, cadres, textes, i) {
    textes = textes.slice();
    while (reste) {
      if (i >= cadres.length) { return null; }
      var avant = textes[i] ? textes[i] + "\n\n" : "";
      avant += entete(renvoi, nom, page);
      var b = boite(cadres[i].rect);
      if (tient(avant + reste, b)) { textes[i] = avant + reste; return textes; }
      var suivante = cadres[i + 1], fin = suivante ? marque(suivante.page, renvoi) : "";
      var k = suivante ? coupe(avant, reste, fin, b) : 0;
      if (k) {
        textes[i] = avant + reste.slice(0, k) + fin;
        reste = reste.slice(k);
      }
      i += 1;
    }
    return textes;
  }

  // ``champs``: [{id, texte, rect, page, nom}] in document order (long answer boxes);
  // ``cadres``: [{id, rect, page}] the continuation boxes. Returns {valeurs: {id: text},
  // ajustes: [ids fitted at the fixed size], suites: number of answers continued,
  // retrecis: [ids left whole, too long even for the boxes left (the reader shrinks them)]}.
  function repartir(champs, cadres) {
    var out = { valeurs: {}, ajustes: [], suites: 0, retrecis: [] };
    var textes = cadres.map(function () { return ""; }), renvoi = 0;
    champs.forEach(function (c) {
      var b = boite(c.rect);
      if (tient(c.texte, b)) {
        out.valeurs[c.id] = c.texte;
        out.ajustes.push(c.id);
        return;
      }
      // The first box with room for the header and a word of the rest: the mark points to it.
      for (var i = 0; i < cadres.length; i += 1) {
        var avant = (textes[i] ? textes[i] + "\n\n" : "") + entete(renvoi + 1, c.nom, c.page);
        if (tient(avant + "Mmmmmmmmmm " + marque(999, 999), boite(cadres[i].rect))) { break; }
      }
      var fin = i < cadres.length ? marque(cadres[i].page, renvoi + 1) : "";
      var k = fin ? coupe("", c.texte, fin, b) : 0;
      var placees = k ? placer(c.texte.slice(k), renvoi + 1, c.nom, c.page, cadres, textes, i) :
        null;
      if (!placees) {
        out.valeurs[c.id] = c.texte;
        out.retrecis.push(c.id);
        return;
      }
      renvoi += 1;
      textes = placees;
      out.valeurs[c.id] = c.texte.slice(0, k) + fin;
      out.ajustes.push(c.id);
      out.suites += 1;
    });
    cadres.forEach(function (cadre, i) {
      if (textes[i]) { out.valeurs[cadre.id] = textes[i]; out.ajustes.push(cadre.id); }
    });
    return out;
  }

  var ENTETE = /(^|\n\n)Renvoi (\d+) — suite de «\u00a0[^\n]*\u00a0» \(page \d+\)\u00a0:\n/g;
  var MARQUE = /\(suite page \d+, renvoi (\d+)\)$/;

  // {field name: value} read from a PDF → the same with every continued answer whole again and
  // the continuation boxes it used left out. ``estCadre(name)``: whether a field is one.
  function rassembler(found, estCadre) {
    var parts = {}, out = {}, utilises = {};
    Object.keys(found).filter(estCadre).sort(function (a, b) {
      return Number(a.replace(/\D+/g, "")) - Number(b.replace(/\D+/g, ""));
    }).forEach(function (id) {
      var text = String(found[id] || ""), m, debuts = [];
      ENTETE.lastIndex = 0;
      while ((m = ENTETE.exec(text))) { debuts.push({ at: m.index, fin: ENTETE.lastIndex, r: m[2] }); }
      debuts.forEach(function (d, j) {
        var morceau = text.slice(d.fin, j + 1 < debuts.length ? debuts[j + 1].at : text.length);
        var suite = MARQUE.exec(morceau);
        if (suite && suite[1] === d.r) { morceau = morceau.slice(0, suite.index); }
        parts[d.r] = (parts[d.r] || "") + morceau;
      });
      if (debuts.length && debuts[0].at === 0) { utilises[id] = true; }
    });
    Object.keys(found).forEach(function (id) {
      var v = found[id], m = typeof v === "string" && !estCadre(id) ? MARQUE.exec(v) : null;
      if (m && parts[m[1]] !== undefined) { v = v.slice(0, m.index) + parts[m[1]]; }
      if (!utilises[id]) { out[id] = v; }
    });
    return out;
  }

  global.cqpRempliSuite = { repartir: repartir, rassembler: rassembler, lignes: lignes,
    largeur: largeur, boite: boite };
})(window);
