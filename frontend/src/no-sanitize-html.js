// Stands in for sanitize-html (build.mjs). ipywidgets calls it only for descriptions with
// description_allow_html=True, which the explainer never sets. Instead of sanitizing, it
// escapes: such a description would show its markup as text, never run it.
export default function escapeAll(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
