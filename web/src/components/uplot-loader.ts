// uPlot and its stylesheet, in their own chunk: only views with charts load them.
import 'uplot/dist/uPlot.min.css';
import UPlot from 'uplot';

export default UPlot;
