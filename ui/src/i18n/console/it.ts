import type { ConsoleMessages } from './en';
import { shell } from './it/shell';
import { studyEditor } from './it/study-editor';
import { panel } from './it/panel';
import { email } from './it/email';
import { rounds } from './it/rounds';
import { results } from './it/results';

const it: ConsoleMessages = { ...shell, ...studyEditor, ...panel, ...email, ...rounds, ...results };
export default it;
