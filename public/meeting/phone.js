// The phone page of a meeting (app/routes/m.$code.tsx), made live; it works without this
// (an older browser that cannot parse it just gets the plain page). Texts come from the
// page's data attributes. Keep `key` in step with the route's stateKey.
(() => {
  const root = document.getElementById("meeting-phone");
  if (!root || !window.EventSource) return;
  const data = root.dataset;
  const $ = (selector, within = root) => within.querySelector(selector);
  const each = (selector, within, run) => within.querySelectorAll(selector).forEach(run);
  const lang = document.documentElement.lang;
  const num = new Intl.NumberFormat(lang).format;
  const pad = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2 }).format;
  const clock = new Intl.DateTimeFormat(lang, {
    timeZone: "Europe/Berlin",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
  }).format;
  // Server clock minus phone clock: a phone with a wrong clock still counts down right.
  let offset = Date.parse(data.serverTime) - Date.now();
  let endsAt = Date.parse(data.endsAt);
  let dirty = false;
  const countdown = $("[data-countdown]");

  const tick = () => {
    if (!countdown) return;
    countdown.hidden = isNaN(endsAt);
    const s = Math.max(0, Math.ceil((endsAt - Date.now() - offset) / 1000));
    $("[data-time-left]", countdown).textContent = data.leftTemplate.replace(
      "{{left}}",
      `${num(Math.floor(s / 60))}:${pad(s % 60)}`,
    );
  };
  setInterval(tick, 500);
  tick();

  const showTally = (rows) => {
    const scores = {};
    let scale = 1;
    for (const row of rows) {
      if (!$(`[data-option="${row.optionId}"]`)) continue;
      const { yes, no, abstain, points } = (scores[row.optionId] = row.total);
      scale = Math.max(scale, points === undefined ? yes + no + abstain : points);
    }
    each("[data-option]", root, (item) => {
      const score = scores[item.dataset.option];
      let x = 0;
      if (!score) return;
      each("[data-seg]", item, (rect) => {
        const value = score[rect.dataset.seg] || 0;
        rect.setAttribute("x", `${(x / scale) * 100}%`);
        rect.setAttribute("width", `${(value / scale) * 100}%`);
        x += value;
      });
      each("[data-n]", item, (element) => {
        element.textContent = num(score[element.dataset.n] || 0);
      });
    });
  };

  const notice = $("[data-connection]");
  let waiting = 0;
  const connected = () => {
    clearTimeout(waiting);
    waiting = 0;
    notice.hidden = true;
  };
  const events = new EventSource(data.events);
  events.onopen = connected;
  // The stream reconnects by itself; say so only when that takes a moment.
  events.onerror = () => {
    if (!waiting) waiting = setTimeout(() => (notice.hidden = false), 2000);
  };
  events.addEventListener("state", (event) => {
    connected();
    const state = JSON.parse(event.data);
    offset = Date.parse(state.serverTime) - Date.now();
    const v = state.voting;
    const key = [v.optionId || "", v.round, v.scope, v.open && state.voteOpen, state.ended];
    if (key.concat(state.talliesVisible).join("|") !== data.key) {
      // A new stream starts with the room's last snapshot, which can be older than the
      // page: one that already made this page reload must not do so again (no loop).
      const seen = `meeting-phone-${data.code}`;
      try {
        if (sessionStorage.getItem(seen) === String(state.seq)) return;
        sessionStorage.setItem(seen, state.seq);
      } catch {}
      const refresh = $("[data-new-question]");
      if (dirty) refresh.hidden = false;
      else location.replace($("a", refresh).href);
      return;
    }
    const next = Date.parse(v.endsAt);
    if (next && next !== endsAt) {
      $("[data-until]").textContent = data.untilTemplate.replace("{{time}}", clock(next));
    }
    endsAt = next;
    tick();
    if (state.tally) showTally(state.tally.rows);
  });

  const form = $("[data-ballot]");
  if (!form) return;
  const status = $("[data-status]", form);
  const message = $("[data-error]", form);
  const button = $("[data-submit]", form);
  const show = (text) => {
    message.textContent = text;
    message.hidden = false;
  };
  form.addEventListener("change", () => {
    dirty = true;
    status.textContent = "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    let label = button.textContent;
    button.disabled = true;
    button.textContent = data.sending;
    message.hidden = true;
    try {
      const response = await fetch(form.dataset.json, {
        method: "POST",
        headers: { Accept: "application/json" },
        body: new URLSearchParams(new FormData(form)),
      });
      const answer = await response.json();
      if (answer.status === "counted") {
        dirty = false;
        status.textContent = data.counted;
        label = data.change;
      } else show(answer.message);
    } catch {
      show(data.network);
    }
    button.disabled = false;
    button.textContent = label;
  });
})();
