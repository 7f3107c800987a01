import type { Feature } from '../../src/command/define.js';
import { attendanceCommand, exportCommand, quarterCommand } from './attendance.js';
import { approveCommand, checkinCommand, codeCommand, leaveCommand, makeupCommand, proxyCommand, rejectCommand } from './checkin.js';
import { cancelCommand, meetingCommand, meetingSetCommand, meetingsCommand } from './meeting.js';

export const meetingsFeature: Feature = {
  name: 'meetings',
  commands: [
    checkinCommand,
    leaveCommand,
    makeupCommand,
    meetingsCommand,
    meetingCommand,
    meetingSetCommand,
    cancelCommand,
    codeCommand,
    proxyCommand,
    approveCommand,
    rejectCommand,
    attendanceCommand,
    quarterCommand,
    exportCommand,
  ],
};
