// Small DOM helpers for the chat page. Text from users only ever goes in as text.

export const $ = (id) => document.getElementById(id);

/** An element with classes, attributes, listeners and children; `text` goes in as text only. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function show(node, visible) {
  node.hidden = !visible;
}

const TOAST_MS = 7000;
let toastTimer = 0;

/** Shows an error for a few seconds (the element is role="alert"). */
export function toast(text) {
  const node = $('toast');
  node.textContent = text;
  show(node, true);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show(node, false), TOAST_MS);
}

/** Says something to screen readers through the polite live region. */
export function announce(text) {
  const node = $('announcer');
  node.textContent = '';
  setTimeout(() => {
    node.textContent = text;
  }, 50);
}
