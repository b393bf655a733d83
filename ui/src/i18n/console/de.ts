import type { ConsoleMessages } from './en';
import { shell } from './de/shell';
import { studyEditor } from './de/study-editor';
import { panel } from './de/panel';
import { email } from './de/email';
import { rounds } from './de/rounds';
import { results } from './de/results';

const de: ConsoleMessages = { ...shell, ...studyEditor, ...panel, ...email, ...rounds, ...results };
export default de;
