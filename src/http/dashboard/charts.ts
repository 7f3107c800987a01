// What each chart of the branch page draws, decided here so the page's script stays one generic
// renderer (page/charts.js, with uPlot): the x values, the labels and every series.
import type { BranchFigures } from '../../services/dashboard/branch.js';
import { TYPE_NAMES } from './tables.js';

export interface Series {
  label: string;
  values: (number | null)[];
  kind: 'line' | 'bars' | 'points';
}

export interface ChartSpec {
  key: string;
  title: string;
  /** 'time': xs are epoch seconds; 'category': xs are 0..n-1 and `labels` name them. */
  x: 'time' | 'category';
  xs: number[];
  /** For 'time': the x axis spans these epoch seconds (the 12 months looked back over). */
  xRange: [number, number] | null;
  labels: string[];
  /** Unit of the y axis, for its labels. */
  unit: string;
  /** Upper bound of the y axis (100 for percentages), or null to fit the data. */
  yMax: number | null;
  series: Series[];
}

const percent = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

/** The branch page's charts; each table with a chart shares its key. */
export function branchCharts(f: BranchFigures): ChartSpec[] {
  const several = f.quarter.units.length > 1;
  const counts = f.quarter.units.flatMap((u) =>
    u.counts.map((c) => ({ label: several ? `${u.name}·${TYPE_NAMES[c.type]}` : TYPE_NAMES[c.type], c })),
  );
  const meetings = f.attendance.meetings;
  const notices = f.notices.notices;
  const year: [number, number] = [Math.floor(f.since / 1000), Math.ceil(f.generatedAt / 1000)];
  return [
    {
      key: 'quarter',
      title: '本季度已开 / 应开',
      x: 'category',
      xs: counts.map((_, i) => i),
      xRange: null,
      labels: counts.map((x) => x.label),
      unit: '次',
      yMax: null,
      series: [
        { label: '已开', values: counts.map((x) => x.c.held), kind: 'bars' },
        { label: '应开', values: counts.map((x) => x.c.required), kind: 'points' },
      ],
    },
    {
      key: 'attendance',
      title: '每次会议出席率',
      x: 'time',
      xs: meetings.map((m) => Math.floor(m.startsAt / 1000)),
      xRange: year,
      labels: [],
      unit: '%',
      yMax: 100,
      series: [
        { label: '出席率', values: meetings.map((m) => percent(m.rate)), kind: 'line' },
        {
          label: '请假率',
          values: meetings.map((m) => (m.expected ? percent(m.leave / m.expected) : null)),
          kind: 'line',
        },
      ],
    },
    {
      key: 'notices',
      title: '每条通知确认率',
      x: 'time',
      xs: notices.map((n) => Math.floor(n.publishAt / 1000)),
      xRange: year,
      labels: [],
      unit: '%',
      yMax: 100,
      series: [{ label: '确认率', values: notices.map((n) => percent(n.rate)), kind: 'line' }],
    },
    {
      key: 'hours',
      title: '每月志愿服务时长',
      x: 'category',
      xs: f.hours.map((_, i) => i),
      xRange: null,
      labels: f.hours.map((m) => `${Number(m.key.slice(5))}月`),
      unit: '小时',
      yMax: null,
      series: [{ label: '服务时长', values: f.hours.map((m) => m.hours), kind: 'bars' }],
    },
  ];
}
