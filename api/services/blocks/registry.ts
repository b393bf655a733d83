import type { BlockKind } from '../../contract/blocks';
import type { AnyBlockKindModule } from './kind';
import { rankingBlock } from './ranking';
import { relationsBlock } from './relations';

/** Every kind of question block, by its name; a new kind adds its module here. */
const modules: Partial<Record<BlockKind, AnyBlockKindModule>> = {
  ranking: rankingBlock,
  relations: relationsBlock,
};

/** The module of a kind, or undefined for a kind this server does not offer (yet). */
export function blockKind(kind: string): AnyBlockKindModule | undefined {
  return Object.hasOwn(modules, kind) ? modules[kind as BlockKind] : undefined;
}
