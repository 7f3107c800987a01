// Files the Worker bundle imports as text (wrangler.toml [[rules]] type = "Text"); see ./assets-worker.ts.
declare module 'uplot/dist/uPlot.iife.min.js' {
  const text: string;
  export default text;
}
declare module 'uplot/dist/uPlot.min.css' {
  const text: string;
  export default text;
}
declare module '*/page/dashboard.css' {
  const text: string;
  export default text;
}
declare module '*/page/branch.js' {
  const text: string;
  export default text;
}
declare module '*/page/charts.js' {
  const text: string;
  export default text;
}
declare module '*/page/committee.js' {
  const text: string;
  export default text;
}
declare module '*/page/login.js' {
  const text: string;
  export default text;
}
