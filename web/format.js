// How people, sizes and times read on the chat page.

export function fullName(user) {
  if (!user) return 'Someone';
  const name = `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim();
  return name || user.id || 'Someone';
}

export function firstName(user) {
  return (user && (user.firstName || user.id)) || 'Someone';
}

export function initials(text) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0]);
  return (letters.join('') || '?').toUpperCase();
}

/** One of six calm tints (CSS classes tint-0 … tint-5), always the same for an id. */
export function tintClass(id) {
  let hash = 0;
  for (const ch of String(id)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `tint-${hash % 6}`;
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDateFormat = new Intl.DateTimeFormat(undefined,
  { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** Midnight of the day `iso` falls on, local time, in milliseconds. */
export function dayOf(iso) {
  const date = new Date(iso);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

function daysAgo(iso) {
  return Math.round((dayOf(new Date().toISOString()) - dayOf(iso)) / 86_400_000);
}

export const clockTime = (iso) => clockFormat.format(new Date(iso));
export const fullTime = (iso) => fullFormat.format(new Date(iso));

/** For the conversation list: a time today, then "Yesterday", a weekday, a date. */
export function listTime(iso) {
  const days = daysAgo(iso);
  if (days <= 0) return clockTime(iso);
  if (days === 1) return 'Yesterday';
  if (days < 7) return weekdayFormat.format(new Date(iso));
  return shortDateFormat.format(new Date(iso));
}

/** For the separators between days of messages. */
export function dayLabel(iso) {
  const days = daysAgo(iso);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return longDateFormat.format(new Date(iso));
}
