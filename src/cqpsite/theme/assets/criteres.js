// "Copier le lien" on criteria: copies the bare permalink as plain text (what an address bar,
// an LMS field or a text message needs) and, where the browser allows it, a rich link (code and
// text) as HTML for editors that paste formatted text. Without JavaScript the criterion code
// stays a plain anchor link, so nothing is lost.
(function () {
  "use strict";

  function announce(button, message) {
    var status = button.parentNode.querySelector(".critere-statut");
    if (!status) {
      status = document.createElement("span");
      status.className = "critere-statut";
      status.setAttribute("role", "status");
      button.insertAdjacentElement("afterend", status);
    }
    status.textContent = message;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  // Last resort (no Clipboard API, or it refused): a hidden, read-only textarea.
  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.setAttribute("aria-hidden", "true");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copie refusée"));
  }

  function copyPlain(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithSelection(text);
      });
    }
    return copyWithSelection(text);
  }

  function copyRich(text, html) {
    if (!(window.ClipboardItem && navigator.clipboard && navigator.clipboard.write)) {
      return copyPlain(text);
    }
    var item = new window.ClipboardItem({
      "text/plain": new Blob([text], { type: "text/plain" }),
      "text/html": new Blob([html], { type: "text/html" }),
    });
    return navigator.clipboard.write([item]).catch(function () { return copyPlain(text); });
  }

  function copy(button) {
    var url = location.origin + location.pathname + "#" + button.dataset.ancre;
    var html = '<a href="' + escapeHtml(url) + '">' + escapeHtml(button.dataset.code) + "</a> " +
      escapeHtml(button.dataset.texte);
    copyRich(url, html).then(
      function () { announce(button, "Lien copié : " + url); },
      function () { announce(button, "Copie impossible, l’adresse du critère est : " + url); }
    );
  }

  function init() {
    document.querySelectorAll("button.critere-copier").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
