import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  type Logger as BoltLogger,
  HTTPModuleFunctions,
  HTTPResponseAck,
  type Receiver,
} from '@slack/bolt';
import { type GuardOptions, guardSlackRequest } from './request-guard';

/**
 * Bolt's Receiver for our own HTTP route. Bolt's HTTPReceiver reads, verifies and parses the
 * body itself and has no way to be handed one already read: behind guardSlackRequest (which
 * must parse to check the workspace) every request was parsed twice and went through a
 * second router. This one hands Bolt the body the guard verified and parsed, and otherwise
 * answers as HTTPReceiver does, with Bolt's own pieces: the handshakes, the ack (which also
 * answers 404 to a request nobody acked within 3 s), the error answers.
 */
export class GuardedReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: GuardOptions & { logger: BoltLogger }) {}

  init(app: App): void {
    this.app = app;
  }

  // Our HTTP server listens, not the receiver.
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await guardSlackRequest(req, res, this.options);
    if (!body) return;
    if (body.ssl_check === '1') {
      HTTPModuleFunctions.buildSSLCheckResponse(res);
      return;
    }
    if (body.type === 'url_verification') {
      HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
      return;
    }
    const { logger } = this.options;
    const ack = new HTTPResponseAck({
      logger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
    const retryReason = HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req);
    try {
      await this.app?.processEvent({
        body,
        ack: ack.bind(),
        ...(retryNum !== undefined ? { retryNum } : {}),
        ...(retryReason !== undefined ? { retryReason } : {}),
      });
    } catch (error) {
      const acknowledged = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
        error: error as Error,
        logger,
        request: req,
        response: res,
        storedResponse: ack.storedResponse,
      });
      if (acknowledged) ack.ack();
    }
  }
}
