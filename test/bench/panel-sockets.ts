import WebSocket from 'ws';

export interface LiveMessage {
  type: string;
  payload?: unknown;
}

/**
 * Opens a panelist's live page (`/api/live/panel`) for every cookie, 100 at a time, each handing
 * the messages it receives to `onMessage`. If one fails to open, those already open are closed.
 */
export async function openPanelSockets(host: string, cookies: string[], onMessage: (msg: LiveMessage) => void): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  try {
    for (let i = 0; i < cookies.length; i += 100) {
      await Promise.all(
        cookies.slice(i, i + 100).map(
          (cookie) =>
            new Promise<void>((resolve, reject) => {
              const ws = new WebSocket(`${host}/api/live/panel`, { headers: { cookie } });
              ws.on('message', (d) => onMessage(JSON.parse(String(d)) as LiveMessage));
              ws.once('open', () => resolve());
              ws.once('error', reject);
              sockets.push(ws);
            }),
        ),
      );
    }
  } catch (e) {
    sockets.forEach((s) => s.terminate());
    throw e;
  }
  return sockets;
}
