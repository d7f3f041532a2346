// Live updates from the Socket.IO gateway's /messaging namespace, through the browser build
// of socket.io-client (/vendor/socket.io.min.js, which defines window.io).
//
// The connection is "live" once the server has said `authenticated`; until then, and
// whenever the gateway cannot be reached, it is "connecting" or "unavailable" and the page
// works over REST alone. socket.io-client keeps retrying with a growing delay.

/**
 * Connects with `token`. `onState(state)` hears "connecting", "live" and "unavailable";
 * `handlers` maps server events (new_message, typing_indicator, …) to functions.
 * Returns {emit(event, payload), close()}; emit sends only while live.
 */
export function connectLive(token, { onState, handlers }) {
  if (typeof window.io !== 'function') {
    onState('unavailable');
    return { emit() {}, close() {} };
  }
  let live = false;
  const socket = window.io(`${location.origin}/messaging`, {
    auth: { token },
    reconnectionDelay: 2000,
    reconnectionDelayMax: 30000,
  });
  const down = () => {
    live = false;
    onState('unavailable');
  };
  onState('connecting');
  socket.on('authenticated', () => {
    live = true;
    onState('live');
  });
  socket.on('auth_error', down);
  socket.on('connect_error', down);
  socket.on('disconnect', down);
  for (const [event, handler] of Object.entries(handlers)) socket.on(event, handler);
  return {
    emit(event, payload) {
      if (live) socket.emit(event, payload);
    },
    close() {
      live = false;
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
