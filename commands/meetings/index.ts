import type { Feature } from '../../src/command/define.js';
import { attendanceCommand, exportCommand, quarterCommand } from './attendance.js';
import { checkinCommand, codeCommand, proxyCommand } from './checkin.js';
import { meetingDetailCommand } from './detail.js';
import { meetingSetCommand } from './meeting-set.js';
import { cancelCommand, meetingCommand, meetingsCommand } from './meeting.js';
import { confirmMeetingCommand } from './schedule.js';
import { approveCommand, cancelLeaveCommand, leaveCommand, makeupCommand, rejectCommand } from './requests.js';
import { meetingsErrorTexts } from './texts.js';

export const meetingsFeature: Feature = {
  name: 'meetings',
  commands: [
    checkinCommand,
    leaveCommand,
    cancelLeaveCommand,
    makeupCommand,
    meetingsCommand,
    meetingDetailCommand,
    meetingCommand,
    confirmMeetingCommand,
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
  errors: meetingsErrorTexts,
};
