// Embeds the programme widget of the EU-Japan 100 Cities API where this script stands, in an
// iframe that takes the height of its content: the widget posts its height on load, on every
// resize and after every filter ({type: "cities-api:embed-height", height}), and this script
// sets the frame's height from messages of that frame and that origin only. Options, as
// attributes of the script element: data-tz, data-day, data-theme, data-scheme, data-lang,
// data-title.
(function () {
  var script = document.currentScript;
  if (!script) return;
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
  script.insertAdjacentElement("afterend", frame);
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    if (!data || data.type !== "cities-api:embed-height" || typeof data.height !== "number") return;
    frame.style.height = Math.max(0, Math.ceil(data.height)) + "px";
  });
})();
