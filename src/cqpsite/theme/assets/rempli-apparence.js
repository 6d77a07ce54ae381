// Appearance streams of the PDF text fields the browser fills, drawn with the PDF's own field
// font (embedded by WeasyPrint, named in each field's /DA): every reader then shows the same
// text. Left to the reader (NeedAppearances), PDFium (Chrome, Edge) spaces œ, Œ, ’ and – with
// the wrong widths. Loaded by dossier-rempli.js with pdf-lib.
(function (global) {
  "use strict";

  var PADDING = 2, INTERLIGNE = 1.25, ASCENT = 0.928;  // DejaVu Sans: ascender 1901 / 2048

  function nom(s) { return global.PDFLib.PDFName.of(s); }

  function octets(stream) {
    var bytes = global.PDFLib.decodePDFRawStream(stream).decode(), out = "";
    for (var i = 0; i < bytes.length; i += 1) { out += String.fromCharCode(bytes[i]); }
    return out;
  }

  // Character → CID, from the font's ToUnicode CMap (bfchar and bfrange, one UTF-16 unit).
  function cids(cmap) {
    var map = {}, m, re = /beginbfchar([\s\S]*?)endbfchar/g;
    while ((m = re.exec(cmap))) {
      m[1].replace(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]{4})>/g, function (_, cid, u) {
        var c = String.fromCharCode(parseInt(u, 16));
        if (!(c in map)) { map[c] = parseInt(cid, 16); }
        return "";
      });
    }
    re = /beginbfrange([\s\S]*?)endbfrange/g;
    while ((m = re.exec(cmap))) {
      m[1].replace(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]{4})>/g,
        function (_, a, b, u) {
          for (var cid = parseInt(a, 16), v = parseInt(u, 16); cid <= parseInt(b, 16);
            cid += 1, v += 1) {
            var c = String.fromCharCode(v);
            if (!(c in map)) { map[c] = cid; }
          }
          return "";
        });
    }
    return map;
  }

  // CID → width (thousandths of the font size), from the CIDFont's /W and /DW.
  function largeurs(cidFont) {
    var w = cidFont.lookup(nom("W")), dw = cidFont.lookup(nom("DW"));
    var out = {}, items = w ? w.asArray() : [];
    for (var i = 0; i < items.length;) {
      var first = items[i].asNumber(), next = items[i + 1];
      if (next instanceof global.PDFLib.PDFArray) {
        next.asArray().forEach(function (n, k) { out[first + k] = n.asNumber(); });
        i += 2;
      } else {
        for (var c = first; c <= next.asNumber(); c += 1) { out[c] = items[i + 2].asNumber(); }
        i += 3;
      }
    }
    return { of: function (cid) { return cid in out ? out[cid] : (dw ? dw.asNumber() : 1000); } };
  }

  // The field font named by a /DA, read once per document.
  function police(pdf, da, cache) {
    var m = /\/(\S+)\s+[\d.]+\s+Tf/.exec(da || "");
    if (!m) { return null; }
    if (cache[m[1]] !== undefined) { return cache[m[1]]; }
    var acro = pdf.catalog.getAcroForm(), dr = acro && acro.dict.lookup(nom("DR"));
    var fonts = dr && dr.lookup(nom("Font")), ref = fonts && fonts.get(nom(m[1]));
    var font = ref && pdf.context.lookup(ref), out = null;
    var descendants = font && font.lookup(nom("DescendantFonts"));
    var tu = font && font.lookup(nom("ToUnicode"));
    if (descendants && tu) {
      out = { nom: m[1], ref: ref, cids: cids(octets(tu)),
        largeurs: largeurs(descendants.lookup(0)) };
    }
    cache[m[1]] = out;
    return out;
  }

  function largeur(font, text, taille) {
    var w = 0;
    for (var i = 0; i < text.length; i += 1) {
      w += font.largeurs.of(font.cids[text.charAt(i)] || 0);
    }
    return w * taille / 1000;
  }

  // Lines of ``text`` in ``utile`` points: words wrap, a longer word is cut, "\n" breaks.
  function lignes(font, text, taille, utile) {
    var out = [];
    text.replace(/\t/g, " ").split("\n").forEach(function (para) {
      var ligne = "";
      (para.match(/\s*\S+|\s+$/g) || [""]).forEach(function (token) {
        if (ligne && largeur(font, ligne + token, taille) > utile) {
          out.push(ligne);
          ligne = token.replace(/^\s+/, "");
        } else {
          ligne += token;
        }
        while (ligne.length > 1 && largeur(font, ligne, taille) > utile) {
          var k = ligne.length - 1;
          while (k > 1 && largeur(font, ligne.slice(0, k), taille) > utile) { k -= 1; }
          out.push(ligne.slice(0, k));
          ligne = ligne.slice(k);
        }
      });
      out.push(ligne);
    });
    return out;
  }

  function hex(font, text) {
    var out = "";
    for (var i = 0; i < text.length; i += 1) {
      out += ("000" + (font.cids[text.charAt(i)] || 0).toString(16)).slice(-4);
    }
    return "<" + out + ">";
  }

  // Draw ``text`` as the appearance of text field ``f`` (a pdf-lib PDFTextField).
  function dessiner(pdf, f, text, cache) {
    var acro = f.acroField, da = acro.getDefaultAppearance() || "";
    var font = police(pdf, da, cache);
    if (!font) { return false; }
    var size = Number((/([\d.]+)\s+Tf/.exec(da) || [0, 10])[1]);
    var colour = (/([\d.]+\s+g|[\d.]+\s+[\d.]+\s+[\d.]+\s+rg)\s*$/.exec(da) || [0, "0 g"])[1];
    acro.getWidgets().forEach(function (w) {
      // WeasyPrint writes /Rect top to bottom: sizes are the absolute values.
      var r = w.getRectangle(), width = Math.abs(r.width), height = Math.abs(r.height), ops = [];
      var multi = f.isMultiline(), lines = [text.replace(/\s/g, " ")];
      if (multi) {  // automatic size (0 Tf): the largest up to 10 pt that shows the whole text
        var taille = size || 10;
        lines = lignes(font, text, taille, width - 2 * PADDING);
        while (!size && taille > 2 &&
            (lines.length - 1) * INTERLIGNE * taille + 1.2 * taille > height - 2 * PADDING) {
          taille -= 0.25;
          lines = lignes(font, text, taille, width - 2 * PADDING);
        }
        size = taille;
      } else {  // one line: smaller rather than cut when it is wider than the box
        size = Math.min(size || 10, Math.max(2, (width - 2 * PADDING) /
          Math.max(0.001, largeur(font, lines[0], 1))));
      }
      var y = multi ? height - PADDING - ASCENT * size : (height - ASCENT * size) / 2 + 0.1 * size;
      var clip = [PADDING / 2, PADDING / 2, width - PADDING, height - PADDING];
      ops.push("/Tx BMC", "q", clip.map(function (v) { return v.toFixed(2); }).join(" ") +
        " re W n", "BT", "/" + font.nom + " " + size.toFixed(2) + " Tf " + colour,
        (INTERLIGNE * size).toFixed(2) + " TL", PADDING + " " + y.toFixed(2) + " Td");
      lines.forEach(function (line, i) {
        ops.push((i ? "T* " : "") + hex(font, line.replace(/\s+$/, "")) + " Tj");
      });
      ops.push("ET", "Q", "EMC");
      var stream = pdf.context.flateStream(ops.join("\n"), {
        Type: "XObject", Subtype: "Form", BBox: [0, 0, width, height],
        Resources: { Font: pdf.context.obj({}) }
      });
      stream.dict.lookup(nom("Resources")).lookup(nom("Font")).set(nom(font.nom), font.ref);
      w.dict.set(nom("AP"), pdf.context.obj({ N: pdf.context.register(stream) }));
    });
    return true;
  }

  global.cqpRempliApparence = { dessiner: dessiner };
})(window);
