// The penjelasan of an IKU, edited as text with paragraphs, lists, bold and italic
// (django-prose-editor's ProseMirror build, served from static/). The textarea stays in the
// form and holds the HTML; the server cleans it again (indicators/sanitize.py).
//
// Text pasted from Word keeps its lists and loses its styling: Word writes a list as
// paragraphs of class "MsoListParagraph…" with the bullet in a span marked
// "mso-list:Ignore"; those become <ul>/<ol> items before the editor reads the paste, and the
// editor keeps only what its schema knows (no fonts, colours or sizes).
import {
  createTextareaEditor,
  Document,
  Paragraph,
  Text,
  HardBreak,
  Bold,
  Italic,
  BulletList,
  OrderedList,
  ListItem,
  History,
  Menu,
  Extension,
  Plugin,
} from "../django_prose_editor/editor.js";

const WORD_LIST_ITEM = /MsoListParagraph/i;
const NUMBERED_MARKER = /^\s*([0-9]+|[a-z]|[ivxlcdm]+)[.)]\s*$/i;

function isWordListItem(element) {
  return (
    element.tagName === "P" &&
    (WORD_LIST_ITEM.test(element.className) ||
      /mso-list\s*:/i.test(element.getAttribute("style") || ""))
  );
}

export function wordListsToHtmlLists(html) {
  if (!/mso-list|MsoListParagraph/i.test(html)) return html;
  const doc = new DOMParser().parseFromString(html, "text/html");
  for (const paragraph of Array.from(doc.body.querySelectorAll("p"))) {
    if (!isWordListItem(paragraph) || !paragraph.isConnected) continue;
    // A run of list paragraphs becomes one list.
    const run = [paragraph];
    let next = paragraph.nextElementSibling;
    while (next && isWordListItem(next)) {
      run.push(next);
      next = next.nextElementSibling;
    }
    let numbered = false;
    const list = doc.createElement("ul");
    paragraph.before(list);
    for (const item of run) {
      for (const marker of Array.from(item.querySelectorAll("span"))) {
        if (/mso-list\s*:\s*ignore/i.test(marker.getAttribute("style") || "")) {
          if (item === paragraph && NUMBERED_MARKER.test(marker.textContent)) numbered = true;
          marker.remove();
        }
      }
      const li = doc.createElement("li");
      li.innerHTML = item.innerHTML.replace(/^(\s|&nbsp;|\u00a0|·|•|o\s)+/, "");
      list.append(li);
      item.remove();
    }
    if (numbered) {
      const ol = doc.createElement("ol");
      ol.append(...list.childNodes);
      list.replaceWith(ol);
    }
  }
  return doc.body.innerHTML;
}

const WordPaste = Extension.create({
  name: "wordPaste",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: wordListsToHtmlLists } })];
  },
});

function start(textarea) {
  const editor = createTextareaEditor(textarea, [
    Document,
    Paragraph,
    Text,
    HardBreak,
    Bold,
    Italic,
    BulletList,
    OrderedList,
    ListItem,
    History,
    Menu,
    WordPaste,
  ]);
  const wrapper = textarea.closest(".prose-editor");
  wrapper?.setAttribute("data-editor-ready", "1");
  setTimeout(() => translateMenu(wrapper), 0);
  return editor;
}

// The editor's menu names its buttons in English; the portal speaks the page's language.
const MENU_TITLES = {
  id: {
    bold: "Tebal",
    italic: "Miring",
    "unordered list": "Daftar berpoin",
    "bullet list": "Daftar berpoin",
    "ordered list": "Daftar bernomor",
    undo: "Urungkan",
    redo: "Ulangi",
  },
};

function translateMenu(wrapper) {
  const titles = MENU_TITLES[(document.documentElement.lang || "").slice(0, 2)];
  if (!wrapper || !titles) return;
  for (const button of wrapper.querySelectorAll("[title]")) {
    const title = titles[button.getAttribute("title").toLowerCase()];
    if (title) {
      button.setAttribute("title", title);
      button.setAttribute("aria-label", title);
    }
  }
}

for (const textarea of document.querySelectorAll("textarea[data-penjelasan-editor]")) {
  start(textarea);
}
