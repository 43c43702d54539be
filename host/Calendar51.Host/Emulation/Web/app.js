// Calendar51 web view: draws the LCD dot by dot from server-sent state, sends key holds, speed and the power button.
"use strict";

const BORDER = 3, WIDTH = 5, HEIGHT = 8, SCALE = 6;
const BACKLIGHTS = {
  "yellow-green": { background: [0x8c, 0xb8, 0x2e], off: [0x80, 0xac, 0x28], on: [0x1c, 0x2c, 0x10] },
  "blue": { background: [0x1e, 0x4f, 0xd8], off: [0x24, 0x56, 0xe0], on: [0xe6, 0xf0, 0xff] },
};
const canvas = document.getElementById("lcd");
const context = canvas.getContext("2d");
let state = null;

function mix(a, b, t) {
  return "rgb(" + a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(",") + ")";
}

function drawLcd() {
  if (!state || state.columns === 0) return;
  const widthDots = 2 * BORDER + state.columns * (WIDTH + 1) - 1;
  const heightDots = 2 * BORDER + state.rows * (HEIGHT + 1) - 1;
  if (canvas.width !== widthDots * SCALE) canvas.width = widthDots * SCALE;
  if (canvas.height !== heightDots * SCALE) canvas.height = heightDots * SCALE;
  const light = BACKLIGHTS[document.getElementById("backlight").value];
  const contrast = document.getElementById("contrast").value / 100;
  const off = mix(light.background, light.off, contrast), on = mix(light.off, light.on, contrast);
  context.fillStyle = mix(light.background, light.background, 0);
  context.fillRect(0, 0, canvas.width, canvas.height);
  for (let row = 0; row < state.rows; row++)
    for (let column = 0; column < state.columns; column++)
      for (let dotRow = 0; dotRow < HEIGHT; dotRow++) {
        const bits = state.dots[(row * state.columns + column) * HEIGHT + dotRow];
        for (let dot = 0; dot < WIDTH; dot++) {
          context.fillStyle = (bits >> (WIDTH - 1 - dot)) & 1 ? on : off;
          const x = (BORDER + column * (WIDTH + 1) + dot) * SCALE, y = (BORDER + row * (HEIGHT + 1) + dotRow) * SCALE;
          context.fillRect(x, y, SCALE - 1, SCALE - 1);
        }
      }
}

function post(url) {
  return fetch(url, { method: "POST" }).catch(() => {});
}

function setHeld(button, held) {
  if (button.classList.contains("held") === held) return;
  button.classList.toggle("held", held);
  post("/api/keys/" + encodeURIComponent(button.dataset.key) + (held ? "/press" : "/release"));
}

function buildKeys(keys) {
  const roles = { K1: "set", K2: "up", K3: "down", K4: "view" };
  const box = document.getElementById("keys");
  box.replaceChildren();
  keys.forEach((key, index) => {
    const button = document.createElement("button");
    button.dataset.key = key;
    button.id = "key-" + key;
    button.title = "key " + (index + 1);
    button.textContent = key + (roles[key] ? " " + roles[key] : "");
    button.addEventListener("pointerdown", e => { e.preventDefault(); button.setPointerCapture(e.pointerId); setHeld(button, true); });
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"])
      button.addEventListener(type, () => setHeld(button, false));
    button.addEventListener("contextmenu", e => e.preventDefault());
    box.appendChild(button);
  });
}

// One slider (-55 … 125 °C in 0.5 °C steps) and one "pulled out" box per DS18B20. A change sent to
// the emulator is pending until the state shows it (or 2 s pass), so a state sent before the
// emulator applied it cannot flip the control back.
const pendingTemperature = {};

function sendTemperature(name, celsius) {
  pendingTemperature[name] = { celsius, until: Date.now() + 2000 };
  post("/api/temperature/" + encodeURIComponent(name) + "?value=" + (celsius === null ? "none" : encodeURIComponent(celsius)));
}

function buildThermometers(thermometers) {
  const box = document.getElementById("thermometers");
  box.replaceChildren();
  for (const sensor of thermometers) {
    const row = document.createElement("div");
    row.className = "row";
    row.innerHTML = '<label>DS18B20 <b></b> <input type="range" min="-55" max="125" step="0.5"> <output></output> °C</label>' +
      ' <label><input type="checkbox"> pulled out</label>';
    row.querySelector("b").textContent = sensor.name;
    const slider = row.querySelector("input[type=range]"), out = row.querySelector("output"), pulled = row.querySelector("input[type=checkbox]");
    slider.id = "temperature-" + sensor.name;
    pulled.id = "pulled-" + sensor.name;
    slider.value = sensor.celsius ?? 25;
    out.textContent = slider.value;
    slider.addEventListener("input", () => { out.textContent = slider.value; });
    slider.addEventListener("change", () => { pulled.checked = false; sendTemperature(sensor.name, Number(slider.value)); });
    pulled.addEventListener("change", () => sendTemperature(sensor.name, pulled.checked ? null : Number(slider.value)));
    box.appendChild(row);
  }
}

function showThermometers(thermometers) {
  for (const sensor of thermometers) {
    const slider = document.getElementById("temperature-" + sensor.name), pulled = document.getElementById("pulled-" + sensor.name);
    if (!slider) continue;
    const pending = pendingTemperature[sensor.name];
    if (pending) {
      if (pending.celsius !== sensor.celsius && Date.now() < pending.until) continue;
      delete pendingTemperature[sensor.name];
    }
    pulled.checked = sensor.celsius === null;
    if (sensor.celsius !== null && document.activeElement !== slider) {
      slider.value = sensor.celsius;
      slider.nextElementSibling.textContent = slider.value;
    }
  }
}

document.getElementById("power").addEventListener("click", () => post("/api/power-cycle"));

document.addEventListener("keydown", e => {
  if ((e.key === "p" || e.key === "P") && !e.repeat) { post("/api/power-cycle"); return; }
  const button = document.querySelectorAll("#keys button")[e.key.charCodeAt(0) - 49];
  if (e.key.length === 1 && button && !e.repeat) setHeld(button, true);
});
document.addEventListener("keyup", e => {
  const button = document.querySelectorAll("#keys button")[e.key.charCodeAt(0) - 49];
  if (e.key.length === 1 && button) setHeld(button, false);
});

document.getElementById("speed").addEventListener("change", e => post("/api/speed?value=" + encodeURIComponent(e.target.value)));
document.getElementById("backlight").addEventListener("change", drawLcd);
document.getElementById("contrast").addEventListener("input", drawLcd);

function show(next) {
  const first = state === null;
  state = next;
  if (first) {
    buildKeys(state.keys);
    buildThermometers(state.thermometers);
  }
  showThermometers(state.thermometers);
  drawLcd();
  canvas.dataset.sequence = state.sequence;
  document.getElementById("lcd-text").textContent = state.lines.join("\n");
  document.getElementById("title").textContent = state.title;
  document.getElementById("buzzer").classList.toggle("on", state.buzzer);
  document.getElementById("virtual").textContent = state.virtualTime;
  document.getElementById("rtc").textContent = state.rtc ?? "–";
  document.getElementById("achieved").textContent = state.speed.toFixed(2) + "× (asked " + state.targetSpeed + ")";
  document.getElementById("serial").textContent = state.serial ? "serial: " + state.serial : "";
  document.getElementById("fault").textContent = state.fault ? "emulation stopped: " + state.fault : (state.poweredDown ? "MCU in power-down" : "");
  document.getElementById("diagnostic-count").textContent = state.diagnosticCount;
  document.getElementById("bus-panel").hidden = state.busCount === 0;
  document.getElementById("bus-count").textContent = state.busCount;
  fillList("bus", state.bus);
  fillList("diagnostic-rules", state.diagnosticRules);
  document.getElementById("error-count").textContent = state.errorCount;
  fillList("errors", state.errors);
  fillList("diagnostics", state.diagnostics);
}

function fillList(id, texts) {
  document.getElementById(id).replaceChildren(...texts.map(text => { const item = document.createElement("li"); item.textContent = text; return item; }));
}

new EventSource("/api/events").onmessage = message => show(JSON.parse(message.data));
