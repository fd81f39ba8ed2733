// EdgeDigits simulator page. The server runs the firmware's portable code; this page only forwards pointer input,
// draws what the server says and shows the developer panel. No build step, no dependencies.
'use strict';

const SCREEN_W = 320, SCREEN_H = 240;
const IDLE_MS = 500;               // recognition runs this long after the last pen-up (as on the device)

const $ = (id) => document.getElementById(id);
const screen = $('screen');
const g = screen.getContext('2d');

const sessionId = (() => {
  let id = sessionStorage.getItem('edgedigits-session');
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem('edgedigits-session', id);
  }
  return id;
})();

// ---- API ---------------------------------------------------------------------------------------------------------
async function api(path, body, contentType) {
  const init = body === undefined ? {} : {
    method: 'POST',
    headers: { 'Content-Type': contentType || 'application/json' },
    body: contentType ? body : JSON.stringify(body),
  };
  const response = await fetch(path, init);
  let json = null;
  try { json = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) throw new Error((json && json.error) || ('HTTP ' + response.status));
  return json;
}

function setStatus(text, isError) {
  const s = $('status');
  s.textContent = text;
  s.className = isError ? 'error' : '';
}

// ---- Pointer input: canvas pixels of the 320x240 screen ----------------------------------------------------------
function toScreen(e) {
  const r = screen.getBoundingClientRect();
  return [Math.floor((e.clientX - r.left) * SCREEN_W / r.width), Math.floor((e.clientY - r.top) * SCREEN_H / r.height)];
}

const ink = { strokes: [], down: false, timer: 0 };

screen.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  e.preventDefault();
  screen.setPointerCapture(e.pointerId);
  clearTimeout(ink.timer);
  ink.down = true;
  ink.strokes.push([toScreen(e)]);
  drawInk();
});
screen.addEventListener('pointermove', (e) => {
  if (!ink.down) return;
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
  const stroke = ink.strokes[ink.strokes.length - 1];
  for (const ev of (events.length ? events : [e])) stroke.push(toScreen(ev));
  drawInk();
});
function penUp() {
  if (!ink.down) return;
  ink.down = false;
  ink.timer = setTimeout(recognizeInk, IDLE_MS);
}
screen.addEventListener('pointerup', penUp);
screen.addEventListener('pointercancel', penUp);

$('clear').addEventListener('click', () => { clearTimeout(ink.timer); ink.strokes = []; drawInk(); showRecognition(null); });
$('undo').addEventListener('click', () => { ink.strokes.pop(); drawInk(); if (ink.strokes.length) recognizeInk(); else showRecognition(null); });
$('multi').addEventListener('change', () => { if (ink.strokes.length) recognizeInk(); });

function drawInk(boxes) {
  g.fillStyle = '#000';
  g.fillRect(0, 0, SCREEN_W, SCREEN_H);
  g.strokeStyle = '#fff';
  g.fillStyle = '#fff';
  g.lineWidth = 8;
  g.lineCap = 'round';
  g.lineJoin = 'round';
  for (const stroke of ink.strokes) {
    g.beginPath();
    g.moveTo(stroke[0][0] + 0.5, stroke[0][1] + 0.5);
    for (const [x, y] of stroke) g.lineTo(x + 0.5, y + 0.5);
    if (stroke.length === 1) g.lineTo(stroke[0][0] + 0.6, stroke[0][1] + 0.5);
    g.stroke();
  }
  for (const [l, t, r, b] of boxes || []) {
    g.strokeStyle = '#37c871';
    g.lineWidth = 1;
    g.strokeRect(l - 6.5, t - 6.5, r - l + 13, b - t + 13);
  }
}

async function recognizeInk() {
  if (!ink.strokes.length) { showRecognition(null); return; }
  setStatus('recognizing…');
  try {
    const view = await api('/api/recognize', { strokes: ink.strokes, multiDigit: $('multi').checked });
    drawInk(view.digits.map((d) => d.box));
    showRecognition(view);
    setStatus('');
  } catch (err) {
    setStatus(err.message, true);
  }
}

// ---- Developer panel ---------------------------------------------------------------------------------------------
function decodeInput(base64) {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function input28Canvas(base64) {
  const c = document.createElement('canvas');
  c.width = 28; c.height = 28; c.className = 'input28';
  const pixels = decodeInput(base64);
  const image = c.getContext('2d').createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = pixels[i];
    image.data[4 * i + 3] = 255;
  }
  c.getContext('2d').putImageData(image, 0, 0);
  return c;
}

function digitCard(d, index) {
  const card = document.createElement('div');
  card.className = 'digit';
  card.dataset.digit = d.digit;
  card.appendChild(input28Canvas(d.input));
  const bars = document.createElement('div');
  bars.className = 'bars';
  for (let k = 0; k < 10; k++) {
    const label = document.createElement('span');
    label.textContent = k;
    const track = document.createElement('div');
    track.className = 'bar-track';
    const bar = document.createElement('div');
    bar.className = 'confidence-bar' + (k === d.digit ? ' top' : '');
    bar.style.width = (d.confidences[k] / 10) + '%';
    bar.dataset.class = k;
    bar.dataset.permille = d.confidences[k];
    track.appendChild(bar);
    const value = document.createElement('span');
    value.textContent = (d.confidences[k] / 10).toFixed(1) + '%';
    bars.append(label, track, value);
  }
  card.appendChild(bars);
  const caption = document.createElement('div');
  caption.className = 'caption';
  caption.textContent = '#' + (index + 1) + ': ' + d.digit + ' at ' + (d.confidence / 10).toFixed(1) + '%'
    + (d.unsure ? ' (not sure)' : '') + ' · top 3: '
    + d.top.map((t, i) => t + ' ' + (d.topConfidence[i] / 10).toFixed(1) + '%').join(', ')
    + ' · box ' + d.box.join(',');
  card.appendChild(caption);
  return card;
}

function showRecognition(view, target) {
  const ids = target || { text: 'result-text', digits: 'digits', detail: 'result-detail' };
  const digits = $(ids.digits);
  digits.replaceChildren();
  if (!view) {
    $(ids.text).textContent = '–';
    if (ids.detail) $(ids.detail).textContent = '';
    return;
  }
  $(ids.text).textContent = view.text || '–';
  if (ids.detail) {
    $(ids.detail).textContent = view.digits.length === 0 ? 'empty drawing'
      : view.digits.some((d) => d.unsure) ? 'not sure' : view.digits.length + (view.digits.length === 1 ? ' digit' : ' digits');
  }
  view.digits.forEach((d, i) => digits.appendChild(digitCard(d, i)));
  if (!target) {
    $('macs').textContent = view.digits.length
      ? view.macsPerInference.toLocaleString('en-US') + ' per digit, ' + view.macs.toLocaleString('en-US') + ' in all'
      : 'n/a';
    $('il').textContent = view.ilInstructionsPerInference == null ? 'n/a'
      : view.ilInstructionsPerInference.toLocaleString('en-US') + ' per digit (edgedigits bench)';
    $('host-ms').textContent = view.hostMilliseconds.toFixed(2) + ' ms on this computer (not the device)';
  }
}

// ---- Startup -----------------------------------------------------------------------------------------------------
(async () => {
  drawInk();
  try {
    const info = await api('/api/info');
    $('model-line').textContent = info.model + ' · int8 MNIST accuracy ' + (info.int8AccuracyBasisPoints / 100).toFixed(2)
      + '% · ' + info.macsPerInference.toLocaleString('en-US') + ' MACs per inference';
    $('max-image').textContent = (info.limits.maxImageBytes / 1048576) + ' MB, ' + info.limits.maxImageSide + ' px a side';
  } catch (err) {
    $('model-line').textContent = 'server unavailable: ' + err.message;
  }
})();
