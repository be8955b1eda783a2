/* Leads board: drag a card onto another stage column. The drop submits the card's own
   no-JavaScript form (the button for that stage), or opens the "mark lost" page, so the server
   applies exactly the same rules either way. */
(function () {
  "use strict";
  var board = document.querySelector(".lead-board");
  if (!board) { return; }
  var status = document.getElementById("board-status");
  var dragged = null;

  function say(text) { if (status) { status.textContent = text; } }

  function targetFor(card, stage) {
    return card.querySelector('.lead-move [data-stage="' + stage + '"]');
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".lead-card");
    if (!card) { return; }
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.leadId);
  });

  board.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragging"); }
    board.querySelectorAll(".is-drop-target").forEach(function (c) {
      c.classList.remove("is-drop-target");
    });
    dragged = null;
  });

  board.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".lead-column");
    if (!dragged || !column || !targetFor(dragged, column.dataset.stage)) { return; }
    event.preventDefault();  // allow the drop only where the pipeline allows the move
    column.classList.add("is-drop-target");
  });

  board.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".lead-column");
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("is-drop-target");
    }
  });

  board.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".lead-column");
    if (!dragged || !column) { return; }
    event.preventDefault();
    var target = targetFor(dragged, column.dataset.stage);
    if (!target) { say(board.dataset.refused); return; }
    if (target.tagName === "A") { window.location.href = target.href; return; }
    var form = target.form;
    if (form.requestSubmit) { form.requestSubmit(target); } else { target.click(); }
  });
})();
