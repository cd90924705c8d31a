// A loopback port nobody is listening on, chosen by the OS (never a fixed port).
import * as net from "net";

export const LOOPBACK = "127.0.0.1";

/**
 * Listen on port 0, read the port the OS picked, close. Another process could take the port before
 * the caller binds it; the window is tiny and a clash shows up as a start-up failure, not a wrong result.
 */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.once("error", reject);
        server.listen(0, LOOPBACK, () => {
            const { port } = server.address() as net.AddressInfo;
            server.close((err) => (err ? reject(err) : resolve(port)));
        });
    });
}
