import type { ConsoleMessages } from './en';
import { en } from './en';

const pl: ConsoleMessages = en;
export default pl;
