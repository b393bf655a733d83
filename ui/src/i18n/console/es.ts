import type { ConsoleMessages } from './en';
import { shell } from './es/shell';
import { studyEditor } from './es/study-editor';
import { panel } from './es/panel';
import { email } from './es/email';
import { rounds } from './es/rounds';
import { results } from './es/results';

const es: ConsoleMessages = { ...shell, ...studyEditor, ...panel, ...email, ...rounds, ...results };
export default es;
