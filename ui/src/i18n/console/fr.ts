import type { ConsoleMessages } from './en';
import { shell } from './fr/shell';
import { studyEditor } from './fr/study-editor';
import { panel } from './fr/panel';
import { email } from './fr/email';
import { rounds } from './fr/rounds';
import { results } from './fr/results';

const fr: ConsoleMessages = { ...shell, ...studyEditor, ...panel, ...email, ...rounds, ...results };
export default fr;
