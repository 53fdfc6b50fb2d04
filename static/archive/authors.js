// The article editor's authors: once the last (empty) box is typed in, offer another empty one.
// Without this script the form has one empty box, and saving gives a new one.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const list of document.querySelectorAll(".authors-input")) {
    list.addEventListener("input", () => {
      const boxes = list.querySelectorAll("input.author-name");
      const last = boxes[boxes.length - 1];
      if (last.value.trim() === "") return;
      last.setAttribute("aria-label", `Author ${boxes.length}`);
      const next = last.cloneNode();
      next.value = "";
      next.id = `${boxes[0].id}_${boxes.length}`;
      next.setAttribute("aria-label", "Another author");
      list.append(next);
    });
  }
});
