// The chat page in a real browser: Debian's chromium, driven by playwright-core, opens the
// page as two people against the real binary (--dev, a temporary database). Alice starts a
// conversation with Ben; Ben sees her typing and then her message appear without a reload;
// Ben reacts and replies and Alice sees both appear. Every check is on what a person sees.
// Screenshots of both pages are kept in test-artifacts/browser/.
//
//   CONFIDE_BIN=$PWD/build/confide node --test tests/e2e/browser/
//
// chromium is a requirement, not an option: without it the test fails and says how to
// install it (scripts/install-deps.sh --test).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../integration/harness.mjs';

const CHROMIUM = '/usr/bin/chromium';
const WAIT_MS = 10_000; // the longest anything a person is waiting for may take
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/browser/', import.meta.url));

const alice = { id: 'user_alice', firstName: 'Alice', lastName: 'Moreau', role: 'client' };
const ben = { id: 'user_ben', firstName: 'Ben', lastName: 'Okafor', role: 'therapist' };
const greeting = 'Hi Ben, are we still on for Thursday at 10?';
const answer = 'Yes, Thursday at 10 works. See you then!';

let server;
let browser;
let pageA; // Alice's
let pageB; // Ben's
let conversationId;
const problems = []; // script errors and console errors of either page
const artifacts = [];

/** Records the Socket.IO events the page hears, in window.__liveEvents (test-side only). */
function recordLiveEvents() {
  const events = [];
  window.__liveEvents = events;
  let io;
  Object.defineProperty(window, 'io', {
    configurable: true,
    get: () => io,
    set(real) {
      io = Object.assign((...args) => {
        const socket = real(...args);
        socket.onAny((event, payload) => events.push({ event, payload }));
        return socket;
      }, real);
    },
  });
}

async function openPage(who) {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 720 },
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  await context.addInitScript(recordLiveEvents);
  await context.clock.install(); // real time, which the test may move forward
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => problems.push(`${who}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${who}: console: ${message.text()}`);
  });
  return page;
}

/** Waits until `locator` shows `text` (a string it contains, or a RegExp), visibly. */
async function waitForText(locator, text, what) {
  const wanted = typeof text === 'string' ? text : text.source;
  try {
    await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
  } catch (error) {
    const shown = await locator.allInnerTexts().catch(() => []);
    assert.fail(`${what}: expected to see ${JSON.stringify(wanted)} within ${WAIT_MS} ms; ` +
      `the page shows ${JSON.stringify(shown)}\n${error.message.split('\n')[0]}`);
  }
}

/** Waits until the page has heard `event` (with `conversationId`, when given) from the gateway. */
async function waitForLiveEvent(page, event, conversationId) {
  try {
    await page.waitForFunction(([e, id]) => window.__liveEvents.some((x) => x.event === e &&
      (!id || x.payload?.conversationId === id)), [event, conversationId], { timeout: WAIT_MS });
  } catch {
    const heard = await page.evaluate(() => window.__liveEvents.map((x) => x.event));
    assert.fail(`the page did not hear ${event} within ${WAIT_MS} ms; it heard ${heard.join(', ')}`);
  }
}

async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, animations: 'disabled' }); // no toolbar caught mid-fade
  artifacts.push(file);
}

async function signIn(page, who) {
  await page.goto(server.url);
  await page.getByTestId('dev-panel').waitFor();
  await page.getByTestId('dev-user-id').fill(who.id);
  await page.getByTestId('dev-first-name').fill(who.firstName);
  await page.getByTestId('dev-last-name').fill(who.lastName);
  await page.getByTestId('dev-role').selectOption(who.role);
  await page.getByTestId('dev-mint').click();
  await page.getByTestId('app').waitFor();
  await waitForText(page.locator('#whoami'), `Signed in as ${who.firstName} ${who.lastName}`,
    `${who.firstName}'s top bar`);
  await waitForText(page.getByTestId('connection-status'), 'live',
    `${who.firstName}'s connection status`);
  // Survives only as long as the page is not reloaded: everything after must arrive live.
  await page.evaluate(() => {
    window.__notReloaded = true;
  });
}

const messageOn = (page, content) => page.getByTestId('message').filter({ hasText: content });

before(async () => {
  assert.ok(fs.existsSync(CHROMIUM),
    `${CHROMIUM} is missing: the browser test needs Debian's chromium ` +
    '(scripts/install-deps.sh --test installs it, or apt-get install chromium)');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({ dev: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  [pageA, pageB] = await Promise.all([openPage('Alice'), openPage('Ben')]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (artifacts.length) console.log(`screenshots:\n${artifacts.map((f) => `  ${f}`).join('\n')}`);
});

test('Alice and Ben sign in through the development form and go live', async () => {
  await signIn(pageA, alice);
  await signIn(pageB, ben); // a user exists once signed in, so Ben before the conversation
});

test("Alice starts a conversation with Ben; it appears in Ben's list without a reload", async () => {
  await pageA.getByTestId('new-conversation').click();
  await pageA.getByTestId('new-participants').fill(ben.id);
  await pageA.getByTestId('new-conversation-submit').click();
  await waitForText(pageA.getByTestId('conversation-title'), 'Ben Okafor', "Alice's open conversation");
  conversationId = await pageA.getByTestId('conversation-item').first()
    .getAttribute('data-conversation-id');
  assert.match(conversationId ?? '', /^conv_/);

  const item = pageB.locator(`[data-conversation-id="${conversationId}"]`);
  await waitForText(item, 'Alice Moreau', "Ben's conversation list");
  await item.getByRole('button').click();
  await waitForText(pageB.getByTestId('conversation-title'), 'Alice Moreau', "Ben's open conversation");
  await waitForText(pageB.getByTestId('messages'), 'No messages yet', "Ben's empty conversation");
  // Typing indicators go to those in the conversation's room: wait until Ben's page is in it.
  await waitForLiveEvent(pageB, 'conversation_joined', conversationId);
});

test('Ben sees Alice typing, live', async () => {
  assert.ok(conversationId, 'the conversation of the previous step');
  await pageA.getByTestId('composer-input').pressSequentially(greeting.slice(0, 12));
  await waitForText(pageB.getByTestId('typing-indicator'), 'Alice is typing…',
    "Ben's typing indicator");
  await waitForText(pageB.getByTestId('conversation-item'), 'typing…', "Ben's conversation list");
  await screenshot(pageB, 'ben-sees-alice-typing.png');

  // A long message: Alice goes on typing, and the gateway, having said she started, says
  // nothing more until she stops. Nine seconds later by Ben's clock, he still sees it.
  await pageA.getByTestId('composer-input').pressSequentially(greeting.slice(12, 20));
  await pageB.clock.fastForward(9_000);
  await pageB.waitForTimeout(100);
  await waitForText(pageB.getByTestId('typing-indicator'), 'Alice is typing…',
    "Ben's typing indicator while Alice goes on typing");
});

test("Ben sees Alice's message appear live, and the page says live", async () => {
  assert.ok(conversationId, 'the conversation of the previous step');
  const input = pageA.getByTestId('composer-input');
  await input.pressSequentially(greeting.slice(20));
  await input.press('Enter');
  await waitForText(messageOn(pageA, greeting), greeting, "Alice's sent message");
  assert.equal(await input.inputValue(), '', "Alice's message box is empty after sending");

  const received = messageOn(pageB, greeting);
  await waitForText(received, greeting, "Ben's open conversation");
  assert.ok(await received.evaluate((node) => node.classList.contains('theirs')),
    "on Ben's page the message is Alice's");
  await pageB.getByTestId('typing-indicator').filter({ hasText: 'is typing' })
    .waitFor({ state: 'hidden' });
  await waitForText(pageB.getByTestId('conversation-item'), greeting.slice(0, 20),
    "Ben's conversation list preview");
  await waitForText(pageB.getByTestId('connection-status'), 'live', "Ben's connection status");
  assert.equal(await pageB.getByTestId('connection-status').getAttribute('data-state'), 'live');
  assert.ok(await pageB.getByTestId('live-notice').isHidden(), 'no "live updates unavailable"');
  assert.equal(await pageB.evaluate(() => window.__notReloaded), true, "Ben's page was not reloaded");
  await screenshot(pageB, 'ben-sees-alice-message.png');

  // Ben had the conversation open, so it is read; Alice sees that too.
  await waitForText(messageOn(pageA, greeting).getByTestId('seen-by'), 'Seen by Ben',
    "Alice's read receipt");
});

test('Alice sees Ben react and reply, live', async () => {
  assert.ok(conversationId, 'the conversation of the previous step');
  const onB = messageOn(pageB, greeting);
  await onB.hover();
  await onB.locator('[data-testid="react"][data-emoji="👍"]').click();
  await waitForText(onB.getByTestId('reaction'), '1', "Ben's own reaction");

  const onA = messageOn(pageA, greeting);
  const chip = onA.locator('[data-testid="reaction"][data-emoji="👍"]');
  await waitForText(chip, '1', "the reaction on Alice's message");
  assert.equal(await chip.getAttribute('aria-label'), '👍 1: Ben Okafor');
  assert.equal(await chip.getAttribute('aria-pressed'), 'false', 'the reaction is not Alice\'s');

  await onB.hover();
  await onB.getByTestId('reply-message').click();
  await waitForText(pageB.getByTestId('composer-context'), 'Replying to Alice Moreau',
    "Ben's message box");
  const input = pageB.getByTestId('composer-input');
  await input.pressSequentially(answer);
  await input.press('Enter');

  const reply = messageOn(pageA, answer);
  await waitForText(reply, answer, "Alice's open conversation");
  await waitForText(reply.getByTestId('reply-preview'), greeting, 'the reply quotes Alice');
  assert.equal(await pageA.evaluate(() => window.__notReloaded), true,
    "Alice's page was not reloaded");
  await pageA.mouse.move(0, 0); // no hover toolbar in the pictures
  await pageB.mouse.move(0, 0);
  await screenshot(pageA, 'alice-sees-reaction-and-reply.png');
  await screenshot(pageB, 'ben-after-replying.png');
});

test("With the conversation closed, Ben's list shows Alice's next message as unread, from conversation_activity", async () => {
  assert.ok(conversationId, 'the conversation of the previous step');
  const nudge = 'Also: bring the worksheet, please.';
  await pageB.setViewportSize({ width: 600, height: 720 }); // a phone: the list or one conversation
  await pageB.getByRole('button', { name: 'Back to conversations' }).click();
  await waitForLiveEvent(pageB, 'conversation_left', conversationId);
  const heardBefore = await pageB.evaluate(() => window.__liveEvents.length);

  const input = pageA.getByTestId('composer-input');
  await input.pressSequentially(nudge);
  await input.press('Enter');
  await waitForText(messageOn(pageA, nudge), nudge, "Alice's sent message");

  const item = pageB.locator(`[data-conversation-id="${conversationId}"]`);
  await waitForText(item.getByTestId('unread-count'), '1', "Ben's unread badge");
  await waitForText(item, nudge.slice(0, 20), "Ben's conversation list preview");
  const heard = await pageB.evaluate((from) => window.__liveEvents.slice(from), heardBefore);
  assert.ok(heard.some((x) => x.event === 'conversation_activity' &&
    x.payload?.conversationId === conversationId && x.payload?.preview === nudge),
  `Ben's page heard conversation_activity; it heard ${heard.map((x) => x.event).join(', ')}`);
  assert.ok(!heard.some((x) => x.event === 'new_message'), 'no new_message outside the room');
  await screenshot(pageB, 'ben-sees-unread-badge.png');

  await item.getByRole('button').click();
  await waitForText(messageOn(pageB, nudge), nudge, "Ben's open conversation");
  await pageB.setViewportSize({ width: 1100, height: 720 }); // the list beside the conversation
  await waitForText(item, nudge.slice(0, 20), "Ben's conversation list, read");
  assert.equal(await item.getByTestId('unread-count').count(), 0, 'the badge is gone once read');
  assert.equal(await pageB.evaluate(() => window.__notReloaded), true, "Ben's page was not reloaded");
});

test('neither page had a script error, a refused resource or an error from the gateway', async () => {
  assert.deepEqual(problems, []);
  for (const page of [pageA, pageB].filter(Boolean)) {
    const errors = await page.evaluate(() => window.__liveEvents.filter((x) => x.event === 'error'));
    assert.deepEqual(errors, []);
  }
});
