import type { ConsoleMessages } from './en';
import { en } from './en';

const de: ConsoleMessages = en;
export default de;
