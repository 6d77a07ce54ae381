// "Copier le lien" on criteria: copies code, text and permalink. Without JavaScript the
// criterion code stays a plain anchor link, so nothing is lost.
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

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copy(button) {
    var url = location.origin + location.pathname + "#" + button.dataset.ancre;
    var text = button.dataset.code + " — " + button.dataset.texte + "\n" + url;
    var done = function () { announce(button, "Lien copié : " + url); };
    var failed = function () {
      if (fallbackCopy(text)) { done(); } else { announce(button, "Copie impossible : " + url); }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
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
