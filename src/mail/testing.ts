import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
  /** When the server accepted it (Date.now()). */
  at: number;
}

/** A real SMTP server in this process, keeping what it receives. */
export async function startSmtpServer() {
  const received: CapturedMail[] = [];
  /** 'data' when a message's first bytes arrive, 'end' when its final `.` does. */
  const events: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (chunks.length === 0) events.push('data');
        chunks.push(chunk);
      });
      stream.on('end', () => {
        events.push('end');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    events,
    close: () => new Promise<void>((r) => server.close(r)),
  };
}
