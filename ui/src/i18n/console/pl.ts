import type { ConsoleMessages } from './en';
import { shell } from './pl/shell';
import { studyEditor } from './pl/study-editor';
import { panel } from './pl/panel';
import { email } from './pl/email';
import { rounds } from './pl/rounds';
import { results } from './pl/results';

const pl: ConsoleMessages = { ...shell, ...studyEditor, ...panel, ...email, ...rounds, ...results };
export default pl;
