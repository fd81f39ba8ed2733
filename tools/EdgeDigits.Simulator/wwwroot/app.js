// EdgeDigits simulator page. The server runs the firmware's portable code; this page only forwards pointer input,
// draws what the server says and shows the developer panel. No build step, no dependencies.
'use strict';

const SCREEN_W = 320, SCREEN_H = 240;

const $ = (id) => document.getElementById(id);
const screen = $('screen');
const g = screen.getContext('2d');

// A fresh session per page load: the board boots again, and its clock (performance.now) starts again with it.
const sessionId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

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

// ---- The board: pointer input in, draw commands out ----------------------------------------------------------------
// Every ~20 ms (when something is going on; every 200 ms when idle) the page sends the queued touch events plus a tick
// to /api/device. The server feeds them to the firmware's app, which draws through the device's own rasterizer into
// filled rectangles; the page paints them, so the canvas holds the board's pixels.
const FAST_TICK_MS = 20, IDLE_TICK_MS = 200, MAX_BATCH = 1000;
const board = { queue: [], inFlight: false, state: 'Booting', busy: false, failures: 0, down: false, modeUnanswered: 0 };
const now = () => Math.round(performance.now());

function toScreen(e) {
  // The canvas may be shown at any CSS size (2x on a desktop, fitted to a phone's width): map back to device pixels.
  const r = screen.getBoundingClientRect();
  const clamp = (v) => Math.max(-10000, Math.min(10000, v));
  return [clamp(Math.floor((e.clientX - r.left) * SCREEN_W / r.width)), clamp(Math.floor((e.clientY - r.top) * SCREEN_H / r.height))];
}

function post(type, x, y) {
  if (board.queue.length >= 4 * MAX_BATCH) board.queue.shift();     // a stalled server never grows memory without bound
  board.queue.push({ type, x, y, t: now() });
}

// One contact draws: the first pointer down owns the stroke until it lifts; any other finger (or pen, or mouse)
// that touches meanwhile is ignored for as long as it touches, as a single-touch controller reports only its first
// contact. Only that one contact reaches the device, so the events need no contact id (it defaults to 0).
// A resting finger: the browser sends nothing while the pointer is still, but a touch controller keeps reporting
// the contact. While the pointer is down and has not moved for STILL_MS, the page repeats the last point, so the
// app sees a resting pen (not a lost lift-up, which it assumes after AppSettings.PenUpTimeoutMs without points).
const STILL_MS = 50;
const contact = { id: null, x: 0, y: 0, lastMs: 0, timer: 0 };

function startContact(e, x, y) {
  contact.id = e.pointerId;
  contact.x = x; contact.y = y; contact.lastMs = now();
  board.down = true;
  contact.timer = setInterval(() => {
    if (contact.id === null) return;
    if (now() - contact.lastMs >= STILL_MS) { post('move', contact.x, contact.y); contact.lastMs = now(); }
  }, STILL_MS / 2);
}

function endContact() {
  clearInterval(contact.timer);
  contact.id = null;
  board.down = false;
}

screen.addEventListener('pointerdown', (e) => {
  e.preventDefault();
  if (contact.id !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
  try { screen.setPointerCapture(e.pointerId); } catch { /* the pointer is already gone */ }
  const [x, y] = toScreen(e);
  startContact(e, x, y);
  post('down', x, y);
});
screen.addEventListener('pointermove', (e) => {
  if (contact.id === null || e.pointerId !== contact.id) return;
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
  for (const ev of (events.length ? events : [e])) {
    const [x, y] = toScreen(ev);
    contact.x = x; contact.y = y; contact.lastMs = now();
    post('move', x, y);
  }
});
function penUp(e) {
  if (contact.id === null || e.pointerId !== contact.id) return;
  endContact();
  const [x, y] = toScreen(e);
  post('up', x, y);
}
screen.addEventListener('pointerup', penUp);
screen.addEventListener('pointercancel', penUp);
screen.addEventListener('lostpointercapture', penUp);
// Touch events would otherwise scroll or zoom the page under the finger; the pointer events above do the work.
screen.addEventListener('touchstart', (e) => e.preventDefault(), { passive: false });

function pressButton(name) {
  board.queue.push({ type: 'button', button: name, t: now() });
  if (name === 'mode') board.modeUnanswered++;
}
$('clear').addEventListener('click', () => pressButton('clear'));
$('undo').addEventListener('click', () => pressButton('undo'));
$('recognize').addEventListener('click', () => pressButton('recognize'));
$('multi').addEventListener('change', () => pressButton('mode'));

// Keyboard: the same button events as the buttons under the screen (and the app's on-screen CLEAR / UNDO / GO).
document.addEventListener('keydown', (e) => {
  const target = e.target;
  // Typing into a field is not a command; a checkbox or the file button keep the shortcuts working.
  if (target && (target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName)
      || (target.tagName === 'INPUT' && !['checkbox', 'radio', 'file', 'button'].includes(target.type)))) return;
  if (e.altKey) return;
  const ctrl = e.ctrlKey || e.metaKey;
  let button = null;
  if (!ctrl && (e.key === 'Escape' || e.key === 'Delete')) button = 'clear';
  else if (ctrl && !e.shiftKey && (e.key === 'z' || e.key === 'Z')) button = 'undo';
  else if (!ctrl && e.key === 'Enter') {
    if (target && (target.tagName === 'BUTTON' || target.type === 'file')) return;   // a focused button's Enter clicks it already
    button = 'recognize';
  }
  if (!button) return;
  e.preventDefault();
  pressButton(button);
});

function paint(rects) {
  for (let i = 0; i + 4 < rects.length; i += 5) {
    g.fillStyle = '#' + rects[i + 4].toString(16).padStart(6, '0');
    g.fillRect(rects[i], rects[i + 1], rects[i + 2], rects[i + 3]);
  }
}

function appendSerial(lines) {
  if (!lines.length) return;
  const serial = $('serial');
  serial.textContent = (serial.textContent + lines.join('\n') + '\n').split('\n').slice(-40).join('\n');
  serial.scrollTop = serial.scrollHeight;
}

async function pump() {
  if (board.inFlight) return;
  const events = board.queue.splice(0, MAX_BATCH);
  const modePresses = events.filter((e) => e.type === 'button' && e.button === 'mode').length;
  events.push({ type: 'tick', t: now() });
  board.inFlight = true;
  try {
    const r = await api('/api/device', { session: sessionId, events });
    paint(r.rects);
    board.state = r.state;
    board.busy = r.busy;
    screen.dataset.state = r.state;
    // A reply to a request sent before the user's click still carries the old mode: showing it would undo the click.
    if (board.modeUnanswered === modePresses) $('multi').checked = r.multiDigit;
    appendSerial(r.log);
    keepTeachLines(r.teach || []);   // older servers send no 'teach'
    if (r.recognition) {
      showRecognition(r.recognition);
      screen.dataset.recognitions = (+(screen.dataset.recognitions || 0) + 1).toString();   // tests wait on it
    }
    else if (r.state === 'Ready' || r.booted) showRecognition(null);
    board.failures = 0;
    setStatus(r.state === 'Recognizing' ? 'working…' : '');
  } catch (err) {
    board.failures++;
    setStatus(err.message, true);
  } finally {
    board.modeUnanswered -= modePresses;   // answered, or lost with a failed request: the next reply shows the mode
    board.inFlight = false;
  }
}

function schedule() {
  const active = board.queue.length > 0 || board.busy || board.down
    || ['Booting', 'Drawing', 'WaitingForIdle', 'Recognizing'].includes(board.state);
  const delay = board.failures > 0 ? Math.min(5000, 250 * 2 ** Math.min(board.failures, 5)) : (active ? FAST_TICK_MS : IDLE_TICK_MS);
  setTimeout(async () => { await pump(); schedule(); }, delay);
}

// ---- Teach lines: labelled drawings the app hands out, kept in this browser ------------------------------------
// Each line is one drawing in EdgeDigits' stroke format (JSON Lines). They stay in localStorage (the last
// TEACH_MAX_LINES) until downloaded or forgotten; nothing is sent anywhere.
const TEACH_KEY = 'edgedigits.teach', TEACH_MAX_LINES = 2000;

function teachLines() {
  try {
    const lines = JSON.parse(localStorage.getItem(TEACH_KEY) || '[]');
    return Array.isArray(lines) ? lines.filter((l) => typeof l === 'string') : [];
  } catch { return []; }
}

function showTeachCount(lines) {
  $('teach-count').textContent = lines.length.toLocaleString('en-US');
  $('teach-download').disabled = lines.length === 0;
  $('teach-forget').disabled = lines.length === 0;
}

function keepTeachLines(fresh) {
  const valid = fresh.filter((l) => typeof l === 'string' && l.length > 0 && !l.includes('\n'));
  if (!valid.length) return;
  const lines = teachLines().concat(valid).slice(-TEACH_MAX_LINES);
  try { localStorage.setItem(TEACH_KEY, JSON.stringify(lines)); }
  catch (err) { setStatus('teach lines not saved: ' + err.message, true); }
  showTeachCount(lines);
}

$('teach-download').addEventListener('click', () => {
  const lines = teachLines();
  if (!lines.length) return;
  const url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'edgedigits-teach.jsonl';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});
$('teach-forget').addEventListener('click', () => {
  localStorage.removeItem(TEACH_KEY);
  showTeachCount([]);
});
showTeachCount(teachLines());

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
    + ' · box ' + d.box.join(',')
    + (d.ilInstructions != null ? ' · ' + d.ilInstructions.toLocaleString('en-US') + ' IL instr.' : '');
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
    // The last inference is the last digit's; the figures are edgedigits bench's counters for that very input.
    const last = view.digits[view.digits.length - 1];
    const fmt = (n) => n.toLocaleString('en-US');
    $('macs').textContent = last
      ? fmt(view.macsPerInference) + ' by the layer shapes'
      : 'n/a';
    $('il').textContent = last && last.ilInstructions != null
      ? fmt(last.ilInstructions) + ' IL instructions, ' + fmt(last.calls) + ' calls'
      : 'n/a';
    $('host-ms').textContent = view.hostMilliseconds.toFixed(2) + ' ms on this computer (not the device)';
    const est = view.deviceEstimate;
    $('device-ms').textContent = est
      ? 'estimate ' + Math.round(est.lowMilliseconds).toLocaleString('en-US') + '–' + Math.round(est.highMilliseconds).toLocaleString('en-US')
        + ' ms on the ESP32 for ' + fmt(est.ilInstructions) + ' IL (' + est.microsecondsPerIlLow.toFixed(2) + '–'
        + est.microsecondsPerIlHigh.toFixed(2) + ' µs per IL; inference only, not measured on a board)'
      : 'n/a';
    $('device-ms').dataset.low = est ? est.lowMilliseconds : '';
    $('device-ms').dataset.high = est ? est.highMilliseconds : '';
  }
}

// ---- Image upload -----------------------------------------------------------------------------------------------
$('image-file').addEventListener('change', async () => {
  const file = $('image-file').files[0];
  if (!file) return;
  const status = $('image-status');
  const isPgm = /\.pgm$/i.test(file.name);
  const type = isPgm ? 'image/x-portable-graymap' : /\.jpe?g$/i.test(file.name) ? 'image/jpeg' : (file.type || 'image/png');
  status.textContent = 'recognizing ' + file.name + '…';
  status.className = '';
  try {
    const r = await api('/api/image?multiDigit=true', await file.arrayBuffer(), type);
    const c = $('image-canvas');
    const scale = Math.max(1, Math.floor(Math.min(640 / r.width, 360 / r.height)));
    c.width = r.width * scale; c.height = r.height * scale;
    const ig = c.getContext('2d');
    ig.imageSmoothingEnabled = false;
    ig.fillStyle = '#333'; ig.fillRect(0, 0, c.width, c.height);
    if (!isPgm) ig.drawImage(await createImageBitmap(file), 0, 0, c.width, c.height);
    ig.strokeStyle = '#37c871'; ig.lineWidth = 2;
    for (const d of r.recognition.digits) {
      const [l, t, rr, b] = d.box;
      ig.strokeRect(l * scale - 1, t * scale - 1, (rr - l + 1) * scale + 2, (b - t + 1) * scale + 2);
    }
    showRecognition(r.recognition, { text: 'image-text', digits: 'image-digits' });
    status.textContent = file.name + ': ' + r.width + '×' + r.height + ' px, ' + r.recognition.digits.length + ' digit(s)';
  } catch (err) {
    status.textContent = err.message;
    status.className = 'error';
  }
});

// ---- Startup -----------------------------------------------------------------------------------------------------
(async () => {
  g.fillStyle = '#000';
  g.fillRect(0, 0, SCREEN_W, SCREEN_H);
  schedule();
  try {
    const info = await api('/api/info');
    $('model-line').textContent = info.model + ' · MNIST accuracy ' + (info.floatAccuracyBasisPoints / 100).toFixed(2)
      + '% float, ' + (info.int8AccuracyBasisPoints / 100).toFixed(2)
      + '% · ' + info.macsPerInference.toLocaleString('en-US') + ' MACs per inference';
    $('max-image').textContent = (info.limits.maxImageBytes / 1048576) + ' MB, ' + info.limits.maxImageSide + ' px a side';
  } catch (err) {
    $('model-line').textContent = 'server unavailable: ' + err.message;
  }
})();
