// Tells the page that frames the widget how tall its content is, so that the frame can take
// that height (see /embed.js): on load, whenever the content's size changes, and after every
// filter (each filter loads the page anew). The message: {type: "cities-api:embed-height",
// height: <CSS pixels>}. Filters apply with the "Show" button or Enter, never on a mere
// change of a select (WCAG 3.2.2), so the keyboard can move through the options.
(function () {
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "cities-api:embed-height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  post();
})();
