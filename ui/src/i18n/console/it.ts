import type { ConsoleMessages } from './en';
import { en } from './en';

const it: ConsoleMessages = en;
export default it;
