/**
 * The panelist's answers to a round's question blocks, as the page shows them: what waits on this
 * device wins over what the server last said. A ranking is queued as one whole order; a relations
 * block pair by pair (the pair is the queue slot's second key), so each pair is saved, retried and
 * acknowledged on its own, with its own Idempotency-Key.
 */
import { blockQueueId, isBlockBody, type AnswerQueue, type BlockAnswerBody, type SaveState } from './answer-queue';
import { panelistApi, type PanelistBlock, type PanelistRound } from './panelist-api';

export type BlockAnswer = BlockAnswerBody['answers'][number];

export interface BlocksHost {
  queue(): AnswerQueue | null;
  /** Read to re-run derivations when the queue changes. */
  tick(): number;
  round(): PanelistRound | null;
}

export class BlocksState {
  #host: BlocksHost;

  constructor(host: BlocksHost) {
    this.#host = host;
  }

  /** A block's whole answer now (a ranking's order). */
  answersOf(block: PanelistBlock): BlockAnswer[] {
    this.#host.tick();
    const pending = this.#host.queue()?.pendingAnswer(blockQueueId(block.id));
    if (pending && isBlockBody(pending)) return pending.answers;
    return block.answers.map((a) => ({ subject: a.subject, value: a.value, cannotJudge: a.cannotJudge }));
  }

  saveStateOf(block: PanelistBlock): SaveState | null {
    this.#host.tick();
    return this.#host.queue()?.stateOf(blockQueueId(block.id)) ?? (block.answers.length > 0 ? { kind: 'saved' } : null);
  }

  /** Queues a block's whole answer (a ranking's order): kept on this device until the server has it. */
  answer(block: PanelistBlock, body: BlockAnswerBody): void {
    this.#host.queue()?.submit(blockQueueId(block.id), body);
  }

  /** One pair's answer now (subject "FROM>TO"), or null while unanswered. */
  pairAnswerOf(block: PanelistBlock, subject: string): BlockAnswer | null {
    this.#host.tick();
    const pending = this.#host.queue()?.pendingAnswer(blockQueueId(block.id), subject);
    if (pending && isBlockBody(pending)) return pending.answers[0] ?? null;
    const saved = block.answers.find((a) => a.subject === subject);
    return saved ? { subject, value: saved.value, cannotJudge: saved.cannotJudge } : null;
  }

  pairSaveStateOf(block: PanelistBlock, subject: string): SaveState | null {
    this.#host.tick();
    const state = this.#host.queue()?.stateOf(blockQueueId(block.id), subject) ?? null;
    return state ?? (block.answers.some((a) => a.subject === subject) ? { kind: 'saved' } : null);
  }

  /** Queues one pair's answer on its own. */
  answerPair(block: PanelistBlock, answer: BlockAnswer): void {
    this.#host.queue()?.submit(blockQueueId(block.id), { answers: [answer] }, answer.subject);
  }

  /** Sends one queued block answer and keeps what the server stored; throws as the API client does. */
  async send(queueId: number, body: BlockAnswerBody, key: string): Promise<void> {
    const saved = await panelistApi.saveBlockAnswers(-queueId, body, key);
    const block = this.#host.round()?.blocks.find((b) => b.id === saved.blockId);
    if (!block) return;
    if (block.kind !== 'relations') {
      // A ranking's save replaces the whole order on the server too.
      block.answers = saved.answers;
      return;
    }
    const fresh = new Set(saved.answers.map((a) => a.subject));
    block.answers = [...block.answers.filter((a) => !fresh.has(a.subject)), ...saved.answers];
  }
}
