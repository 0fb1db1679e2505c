// The EU-Japan 100 Cities API's programme on a partner's page, two ways.
//
// 1. <cities-programme lang="ja" tz="JST" day="2023-01-26" theme="..." scheme="dark">: a custom
//    element that renders the programme inside the page, in a shadow root: the HTML the service
//    renders for /embed (from /embed/fragment), styled by /embed.css (sizes in rem, so it follows
//    the page's root font size). It prints with the page, keeps the widget's filters, zone and
//    language switches and keyboard behaviour (Enter applies a filter; the focus then moves to
//    the results' heading, announced by a live region), and puts its selection's JSON-LD
//    (/schedule.jsonld) into the page's <head>. It fires "cities-programme:rendered" after every
//    rendering. A partner's CSP needs the API's origin in script-src, connect-src and style-src.
//
// 2. This script alone (no data-element attribute): an iframe of /embed that takes the height of
//    its content: the widget posts its height on load, on every resize and after every filter
//    ({type: "cities-api:embed-height", height}), and this script sets the frame's height from
//    messages of that frame and that origin only. Options, as attributes of the script element:
//    data-tz, data-day, data-theme, data-scheme, data-lang, data-title, and data-container (the
//    id of the element the frame goes into). Where the frame goes: into data-container's
//    element; else right after the script when the script is in <body>; else at the end of
//    <body> once the document is parsed. Never into <head> (a CMS may put the snippet there).
//
// document.currentScript is null for async and module scripts: then every script element of
// this URL not yet seen is taken.
(function () {
  var source = document.currentScript;
  var scripts = source ? [source] : [].slice.call(document.querySelectorAll("script[src]")).filter(function (s) {
    return /\/embed\.js(\?|$)/.test(s.src);
  });
  if (!scripts.length) return;
  var api = new URL(scripts[0].src).origin;
  if (window.customElements && !customElements.get("cities-programme")) {
    customElements.define("cities-programme", programmeElement(api));
  }
  scripts.forEach(function (script) {
    if (script.hasAttribute("data-cities-mounted")) return;
    script.setAttribute("data-cities-mounted", "");
    if (!script.hasAttribute("data-element")) mount(script);
  });

  function programmeElement(origin) {
    var names = ["lang", "tz", "day", "theme", "scheme"];
    function Element() {
      return Reflect.construct(HTMLElement, [], Element);
    }
    Element.prototype = Object.create(HTMLElement.prototype);
    Element.prototype.constructor = Element;
    Object.setPrototypeOf(Element, HTMLElement);
    Object.defineProperty(Element, "observedAttributes", { get: function () { return names; } });
    Element.prototype.connectedCallback = function () {
      if (!this.shadowRoot) this.attachShadow({ mode: "open" });
      this.render(false);
    };
    Element.prototype.disconnectedCallback = function () {
      if (this.structuredData) this.structuredData.remove();
      this.structuredData = null;
    };
    Element.prototype.attributeChangedCallback = function () {
      if (this.shadowRoot && !this.applying) this.render(false);
    };
    // The element's parameters as a query string (empty values left out).
    Element.prototype.query = function (only) {
      var query = new URLSearchParams();
      var element = this;
      (only || names).forEach(function (name) {
        var value = element.getAttribute(name);
        if (value) query.set(name, value);
      });
      return query;
    };
    // Applies the parameters of a link or a form of the widget, then renders with the focus on
    // the results.
    Element.prototype.apply = function (query) {
      var element = this;
      element.applying = true;
      names.forEach(function (name) {
        var value = query.get(name);
        if (value) element.setAttribute(name, value);
        else element.removeAttribute(name);
      });
      element.applying = false;
      element.render(true);
    };
    Element.prototype.render = function (focus) {
      var element = this;
      var root = element.shadowRoot;
      var turn = (element.turn || 0) + 1;
      element.turn = turn;
      fetch(origin + "/embed/fragment?" + element.query(), { credentials: "omit" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          if (turn !== element.turn) return;
          root.innerHTML = '<link rel="stylesheet" href="' + origin + '/embed.css">' + html;
          element.wire(root);
          var sheet = root.querySelector("link");
          var shown = function () {
            if (focus) element.focusResults();
            element.dispatchEvent(new CustomEvent("cities-programme:rendered", { bubbles: true }));
          };
          if (sheet.sheet) shown();
          else {
            sheet.addEventListener("load", shown);
            sheet.addEventListener("error", shown);
          }
        })
        .catch(function (error) { console.warn("cities-programme: " + error); });
      element.describe();
    };
    // The links and the form of the widget act on the element, not on the partner's page.
    Element.prototype.wire = function (root) {
      var element = this;
      [].forEach.call(root.querySelectorAll('a[href^="?"]'), function (link) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          element.apply(new URLSearchParams(link.getAttribute("href").slice(1)));
        });
      });
      var form = root.querySelector("form.filters");
      if (!form) return;
      var submit = function () {
        var query = new URLSearchParams();
        new FormData(form).forEach(function (value, name) { if (value !== "") query.set(name, value); });
        element.apply(query);
      };
      form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
      form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target.tagName === "SELECT") {
          event.preventDefault();
          submit();
        }
      });
    };
    Element.prototype.focusResults = function () {
      var root = this.shadowRoot;
      var heading = root.getElementById("results");
      var announcement = root.getElementById("announcement");
      if (heading) heading.focus();
      if (heading && announcement) {
        setTimeout(function () { announcement.textContent = heading.textContent; }, 100);
      }
    };
    // The selection's structured data, in the partner's own document.
    Element.prototype.describe = function () {
      var element = this;
      var query = element.query(["day", "theme", "lang", "tz"]);
      fetch(origin + "/schedule.jsonld?" + query, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (text) {
          if (text === null || !element.isConnected) return;
          if (!element.structuredData) {
            element.structuredData = document.createElement("script");
            element.structuredData.type = "application/ld+json";
            element.structuredData.setAttribute("data-cities-programme", "");
            document.head.appendChild(element.structuredData);
          }
          element.structuredData.textContent = text;
        })
        .catch(function () {});
    };
    return Element;
  }

  function mount(script) {
    var origin = new URL(script.src).origin;
    var query = new URLSearchParams();
    ["tz", "day", "theme", "scheme", "lang"].forEach(function (name) {
      var value = script.getAttribute("data-" + name);
      if (value) query.set(name, value);
    });
    var frame = document.createElement("iframe");
    frame.title = script.getAttribute("data-title") ||
      "Programme of the EU-Japan 100 Cities Event on Climate Action";
    frame.src = origin + "/embed" + (query.toString() ? "?" + query : "");
    frame.style.cssText = "border:0;width:100%;height:600px;display:block";
    frame.setAttribute("scrolling", "no");
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      if (!data || data.type !== "cities-api:embed-height" || typeof data.height !== "number") return;
      frame.style.height = Math.max(0, Math.ceil(data.height)) + "px";
    });
    var container = script.getAttribute("data-container");
    if (container) {
      whenParsed(function () {
        var target = document.getElementById(container);
        if (target) target.appendChild(frame);
        else console.warn("embed.js: no element has the id " + JSON.stringify(container) + " (data-container)");
      });
    } else if (document.body && document.body.contains(script)) {
      script.insertAdjacentElement("afterend", frame);
    } else {
      whenParsed(function () { document.body.appendChild(frame); });
    }
  }

  function whenParsed(then) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", then);
    else then();
  }
})();
