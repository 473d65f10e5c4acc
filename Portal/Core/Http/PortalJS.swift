/// The portal's one script: comfort only. Every form works without it.
enum PortalJS {
    static let text = """
        "use strict";
        document.addEventListener("DOMContentLoaded", function () {
          // The e-mail's activation link: drop the code from the address bar and history,
          // then send it as a POST like the button would.
          var auto = document.querySelector("form[data-autosubmit]");
          if (auto) {
            if (history.replaceState) { history.replaceState(null, "", auto.getAttribute("data-clean-url") || auto.action); }
            auto.submit();
          }
          // The letter's link carries the access code: keep it out of the history too.
          var scrub = document.querySelector("[data-scrub-url]");
          if (scrub && history.replaceState) { history.replaceState(null, "", scrub.getAttribute("data-scrub-url")); }
          // Double-click on a row opens its detail.
          document.querySelectorAll("tr[data-href]").forEach(function (row) {
            row.addEventListener("dblclick", function () { window.location.href = row.getAttribute("data-href"); });
          });
          // Select all rows.
          var all = document.getElementById("select-all");
          if (all) {
            all.addEventListener("change", function () {
              document.querySelectorAll("input[name=id]").forEach(function (b) { b.checked = all.checked; });
            });
          }
          // The SMS dialog's resend countdown.
          document.querySelectorAll("[data-countdown]").forEach(function (el) {
            var left = parseInt(el.getAttribute("data-countdown"), 10) || 0;
            var button = document.getElementById(el.getAttribute("data-for"));
            var template = el.getAttribute("data-template") || "{s}";
            function tick() {
              if (left <= 0) { el.textContent = ""; if (button) { button.disabled = false; } return; }
              el.textContent = template.replace("{s}", String(left));
              if (button) { button.disabled = true; }
              left -= 1;
              window.setTimeout(tick, 1000);
            }
            tick();
          });
          // The SMS dialog: focus its first empty field.
          var dialog = document.querySelector(".dialog");
          if (dialog) {
            var field = dialog.querySelector("input:not([type=hidden]):not([value]), input[autofocus]");
            if (field) { field.focus(); }
          }
          // Close the ⋮ menu with Escape.
          document.addEventListener("keydown", function (e) {
            if (e.key === "Escape") { document.querySelectorAll("details.menu[open]").forEach(function (d) { d.open = false; }); }
          });
        });
        """
}
